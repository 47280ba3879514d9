import CVips

extension Vips {
    /// Which way `thumbnail` may scale.
    public enum Size: Sendable {
        /// Up or down to fit.
        case both
        /// Only enlarge; a larger image is passed through.
        case up
        /// Only shrink; a smaller image is passed through, never enlarged.
        case down
    }

    /// How damaged a file may be before loading fails. Each level includes the ones before it.
    public enum FailOn: Sendable {
        /// Never fail: damaged areas come out grey.
        case none
        /// Fail when the data stops early (a half-copied file).
        case truncated
        /// Fail on truncation or a decoding error (corrupt data); tolerate warnings such as
        /// stray bytes between JPEG markers.
        case error
        /// Fail on anything, even a warning.
        case warning

        var value: VipsFailOn {
            switch self {
            case .none: VIPS_FAIL_ON_NONE
            case .truncated: VIPS_FAIL_ON_TRUNCATED
            case .error: VIPS_FAIL_ON_ERROR
            case .warning: VIPS_FAIL_ON_WARNING
            }
        }
    }
}

extension Vips.Size {
    var value: VipsSize {
        switch self {
        case .both: VIPS_SIZE_BOTH
        case .up: VIPS_SIZE_UP
        case .down: VIPS_SIZE_DOWN
        }
    }
}

extension VipsImage {
    /// Loads the image file at `path` scaled to fit within `width` x `height`, keeping its
    /// aspect ratio. This is libvips's fastest path: the decoder itself shrinks where it can
    /// (JPEG decodes at 1/2, 1/4 or 1/8 scale, HEIF and WebP use embedded or reduced
    /// decodes), so a 24 MP photo is never fully decoded to make a 2048 px image.
    ///
    /// - Parameters:
    ///   - autorotate: turn the image upright from its EXIF orientation (HEIF is decoded upright
    ///     already and libvips ignores its EXIF orientation, so it is never turned twice).
    ///   - failOn: how much damage makes loading fail. Decoding is lazy, so a failure may only
    ///     surface when pixels are computed (`inMemory()`, saving).
    ///   - exportProfile: transform to this ICC profile ("srgb" is built into libvips) when the
    ///     file has a profile; nil leaves the colours as decoded.
    public static func thumbnail(
        path: String, width: Int, height: Int, size: Vips.Size = .down,
        autorotate: Bool = true, failOn: Vips.FailOn = .error,
        importProfile: String? = nil, exportProfile: String? = nil
    ) throws -> VipsImage {
        try make("thumbnail", source: path) { out in
            hf_vips_thumbnail(path, out, Int32(clamping: width), Int32(clamping: height), size.value,
                              autorotate ? 0 : 1, failOn.value, importProfile, exportProfile)
        }
    }
}
