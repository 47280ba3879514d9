import Vips

// STUB body: the Vips helper implements `encode`.

/// How an output is encoded: format, quality, encoder effort and what metadata it keeps.
public struct Encoding: Sendable, Equatable {
    public var format: OutputFormat
    /// 1-100.
    public var quality: Int
    /// Encoder effort where the format has one; nil means the measured default.
    public var effort: Int?
    public var metadata: MetadataPolicy

    public init(format: OutputFormat, quality: Int, effort: Int? = nil, metadata: MetadataPolicy = .strip) {
        self.format = format
        self.quality = quality
        self.effort = effort
        self.metadata = metadata
    }

    /// The encoded file's bytes. Throws a `RuleError` carrying libvips's own message.
    public func encode(_ image: VipsImage) throws -> [UInt8] { fatalError("todo") }
}
