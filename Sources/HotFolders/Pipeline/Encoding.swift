import Vips

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

    /// The effort used when the config gives none, chosen by measurement (libvips 8.14.1,
    /// libwebp/libaom from Debian 12, one photo per core, 2048 px long edge, encode only,
    /// median wall time; four real phone/camera photos and a generated 24 MP JPEG):
    ///
    /// - WebP q90, effort 0/1/2/3/4(libvips default)/5/6: 72-87 / 95-115 / 103-120 / 224-240 /
    ///   224-254 / 253-284 / 520-619 ms. Effort 2 takes half the time of 4 for +0.3-1.2 % bytes
    ///   (PSNR -0.3 to -0.5 dB); 0 and 1 save little more time but cost up to +22 % bytes.
    /// - AVIF (AV1), effort 0/1/2/3/4(libvips default)/5, q75: 80-105 / 270-285 / 400-430 /
    ///   460-520 / 2460-2630 / 3550-3700 ms; q90: 160-180 / 430-440 / 600 / 740 / 4630-5000 /
    ///   6500-6850 ms (CPU about twice that: libaom uses two threads). Bytes hardly move with
    ///   effort at a given Q; quality does: effort 3 is +0.4-0.8 dB PSNR over 0, and 4 adds only
    ///   +0.3 dB more for six times the time. Effort 3 keeps AVIF under a second per photo.
    /// - PNG (zlib level) 1/3/6/9: photos hardly compress; level 3 was both the smallest
    ///   (-1.3 %) and 20 % faster than zlib's usual 6.
    public static func defaultEffort(for format: OutputFormat) -> Int? {
        switch format {
        case .webp: 2
        case .avif: 3
        case .png: 3
        case .jpeg: nil
        }
    }

    /// The encoded file's bytes, carrying what `metadata` allows of `source`'s metadata (the
    /// photo's preprocessed original; nil: none) and nothing of `image`'s own. The bytes are
    /// read back and checked against the policy before they are returned (`MetadataCheck`),
    /// and they are exactly what is then written. Throws a `RuleError` carrying libvips's own
    /// message, or naming what the output would have published; `output` names it there.
    public func encode(_ image: VipsImage, metadataFrom source: VipsImage?, output: String? = nil) throws -> [UInt8] {
        let bytes: [UInt8]
        do {
            var image = image
            if format == .jpeg {
                // JPEG has no transparency: composite onto white rather than let the alpha
                // band be dropped, which would turn transparent areas black or random.
                image = try image.flattened(background: Array(repeating: 255, count: max(1, image.bands - 1)))
            }
            image = try OutputMetadata.image(image, carrying: metadata, from: source)
            bytes = try image.encoded(as: format.saveFormat, quality: quality,
                                      effort: effort ?? Self.defaultEffort(for: format),
                                      stripMetadata: metadata == .strip)
        } catch let error as VipsError {
            throw RuleError("the photo could not be encoded as \(format.rawValue.uppercased())", detail: error.message)
        }
        try MetadataCheck(policy: metadata, format: format)
            .verify(bytes, source: MetadataCheck.Source(source), output: output ?? format.rawValue.uppercased())
        return bytes
    }

    /// The image encoded with its own metadata as the source: for a photo handed to a
    /// generator, never for an output (which takes its metadata from the original).
    public func encode(_ image: VipsImage) throws -> [UInt8] {
        try encode(image, metadataFrom: image)
    }
}

extension OutputFormat {
    var saveFormat: Vips.SaveFormat {
        switch self {
        case .webp: .webp
        case .jpeg: .jpeg
        case .avif: .avif
        case .png: .png
        }
    }
}
