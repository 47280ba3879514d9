/// `[defaults.preprocess]` / `[album."X".preprocess]`: how the `web` variant is made.
public struct PreprocessSettings: Sendable, Equatable {
    /// Longest edge in pixels after scaling; smaller photos are never enlarged.
    public var maxEdge: Int = 2048
    /// Both output dimensions are made a multiple of this, by a centred crop of at most
    /// `multipleOf - 1` pixels per axis (never by stretching).
    public var multipleOf: Int = 8
    public var format: OutputFormat = .webp
    /// Encoder quality, 1-100.
    public var quality: Int = 90
    /// Encoder effort where the format has one (WebP 0-6, AVIF 0-9); nil picks the measured default.
    public var effort: Int? = nil
    /// What the output carries of the original's metadata: by default the credit and capture
    /// time, never the position (`MetadataPolicy.web`).
    public var metadata: MetadataPolicy = .web
    /// Photos larger than this (width x height, in megapixels) are refused from their header,
    /// before any decoding: a guard against decompression bombs.
    public var maxMegapixels: Int = 100

    public init() {}
}
