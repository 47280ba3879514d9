import CVips

extension VipsImage {
    /// The rectangle at (`left`, `top`) of size `width` x `height`.
    public func cropped(left: Int, top: Int, width: Int, height: Int) throws -> VipsImage {
        try derive("extract_area") { out in
            hf_vips_extract_area(pointer, out, Int32(clamping: left), Int32(clamping: top),
                                 Int32(clamping: width), Int32(clamping: height))
        }
    }

    /// Turned upright by its EXIF orientation (all eight values, mirrored ones included);
    /// the orientation is then removed so it is not applied again.
    public func autorotated() throws -> VipsImage {
        try derive("autorot") { out in hf_vips_autorot(pointer, out) }
    }

    /// Resampled by `scale` horizontally and `vscale` vertically (default: the same).
    public func resized(scale: Double, vscale: Double? = nil) throws -> VipsImage {
        try derive("resize") { out in hf_vips_resize(pointer, out, scale, vscale ?? scale) }
    }

    /// Resampled to exactly `width` x `height` (the aspect ratio may change).
    public func resized(width: Int, height: Int) throws -> VipsImage {
        try resized(scale: Double(width) / Double(self.width), vscale: Double(height) / Double(self.height))
    }

    /// The alpha band composited onto a solid `background` (one value per colour band), for
    /// formats without transparency. An image without alpha is returned unchanged.
    public func flattened(background: [Double]) throws -> VipsImage {
        guard hasAlpha else { return self }
        return try derive("flatten") { out in
            hf_vips_flatten(pointer, out, background, Int32(background.count))
        }
    }

    /// `count` bands starting at band `from`.
    public func extractBands(from band: Int, count: Int = 1) throws -> VipsImage {
        try derive("extract_band") { out in
            hf_vips_extract_band(pointer, out, Int32(clamping: band), Int32(clamping: count))
        }
    }

    /// The bands of `images` side by side in one image (all the same size).
    public static func joiningBands(_ images: [VipsImage]) throws -> VipsImage {
        var pointers: [UnsafeMutablePointer<CVips.VipsImage>?] = images.map { $0.pointer }
        return try withExtendedLifetime(images) {
            try make("bandjoin", source: images.first?.source) { out in hf_vips_bandjoin(&pointers, out, Int32(pointers.count)) }
        }
    }

    /// A copy carrying EXIF orientation `value` (1-8), which savers that keep metadata write
    /// into the file. The original is untouched: libvips images are shared and immutable.
    public func withOrientation(_ value: Int) throws -> VipsImage {
        let copy = try derive("copy") { out in hf_vips_copy(pointer, out) }
        vips_image_set_int(copy.pointer, "orientation", Int32(clamping: value))
        return copy
    }
}
