/// `[defaults.derivatives]` / `[album."X".derivatives]`: the responsive sizes a web page picks
/// from (`srcset`), each in every format listed, cut from the preprocessed photo.
///
/// Outbox layout: one variant folder per size, named by its long edge, holding one file per
/// format: `outbox/<Album>/512/IMG_1.webp`, `512/IMG_1.avif`, `512/IMG_1.jpg`. A `<picture>`
/// element then lists `<album>/512/IMG_1.avif 512w, <album>/1024/IMG_1.avif 1024w` per format.
public struct DerivativesSettings: Sendable, Equatable {
    /// Long edges in pixels, each a variant folder. A size larger than the photo is not made
    /// (never enlarged), except the smallest, which is then the photo at its own size.
    public var sizes: [Int] = [256, 512, 1024]
    /// Formats written for every size, in this order.
    public var formats: [OutputFormat] = [.webp, .avif, .jpeg]
    public var webpQuality: Int = 85
    public var avifQuality: Int = 75
    public var jpegQuality: Int = 90
    /// Encoder effort, nil for the measured default (`Encoding.defaultEffort`: WebP 2, AVIF 3).
    /// Measured again at derivative sizes (libaom, one thread, q75, four phone and camera
    /// photos): at 1024 px AVIF effort 0/1/2/3/4/5 takes about 20-45 / 45-110 / 65-145 /
    /// 90-200 / 390-1100 / 540-1800 ms, with bytes nearly equal; effort 3 gains 0.4-0.9 dB PSNR
    /// over 0, effort 4 only 0.1-0.4 dB more for 4-7 times the time. So 3 here as well: the
    /// nine default derivatives then encode in 170-355 ms per photo, four fifths of it AVIF.
    public var webpEffort: Int? = nil
    public var avifEffort: Int? = nil
    /// What every derivative carries of the photo's metadata (`MetadataPolicy`): none by
    /// default, since a few hundred bytes of EXIF weigh on a 256 px thumbnail.
    public var metadata: MetadataPolicy = .strip

    public init() {}

    /// How one format is encoded under these settings.
    public func encoding(for format: OutputFormat) -> Encoding {
        switch format {
        case .webp: Encoding(format: .webp, quality: webpQuality, effort: webpEffort, metadata: metadata)
        case .avif: Encoding(format: .avif, quality: avifQuality, effort: avifEffort, metadata: metadata)
        case .jpeg: Encoding(format: .jpeg, quality: jpegQuality, metadata: metadata)
        case .png: Encoding(format: .png, quality: 100, metadata: metadata)
        }
    }
}
