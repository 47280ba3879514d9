import CVips

extension VipsImage {
    /// Gaussian blur with standard deviation `sigma` pixels (float precision; the result is float).
    public func blurred(sigma: Double) throws -> VipsImage {
        try derive("gaussblur") { out in hf_vips_gaussblur(pointer, out, sigma) }
    }

    /// Each `factor` x `factor` block of pixels averaged into one pixel (the last partial row and
    /// column of blocks are dropped).
    public func blockAveraged(_ factor: Int) throws -> VipsImage {
        try derive("shrink") { out in hf_vips_shrink(pointer, out, Double(factor), Double(factor)) }
    }

    /// Each pixel repeated into a `factor` x `factor` block: enlargement without interpolation.
    public func enlarged(by factor: Int) throws -> VipsImage {
        try derive("zoom") { out in hf_vips_zoom(pointer, out, Int32(clamping: factor), Int32(clamping: factor)) }
    }

    /// Placed at (`x`, `y`) in a `width` x `height` canvas whose new pixels repeat the nearest edge pixel.
    public func extended(x: Int = 0, y: Int = 0, width: Int, height: Int) throws -> VipsImage {
        try derive("embed") { out in
            hf_vips_embed_copy(pointer, out, Int32(clamping: x), Int32(clamping: y),
                               Int32(clamping: width), Int32(clamping: height))
        }
    }
}
