import CVips

extension VipsImage {
    /// The mean of every band of every pixel.
    public func average() throws -> Double {
        var value = 0.0
        try check("avg") { hf_vips_avg(pointer, &value) }
        return value
    }

    /// Pixel-wise `self - other` (signed).
    public func subtracting(_ other: VipsImage) throws -> VipsImage {
        try derive("subtract") { out in hf_vips_subtract(pointer, other.pointer, out) }
    }

    /// Pixel-wise absolute value.
    public func absolute() throws -> VipsImage {
        try derive("abs") { out in hf_vips_abs(pointer, out) }
    }

    /// The band values of the pixel at (`x`, `y`).
    public func pixel(x: Int, y: Int) throws -> [Double] {
        var values: UnsafeMutablePointer<Double>?
        var count: Int32 = 0
        try check("getpoint") { hf_vips_getpoint(pointer, &values, &count, Int32(clamping: x), Int32(clamping: y)) }
        guard let values else { throw VipsError(operation: "getpoint", message: "libvips returned no pixel") }
        defer { hf_g_free(values) }
        return Array(UnsafeBufferPointer(start: values, count: Int(count)))
    }

    /// The mean absolute difference per band value between two images of the same size and
    /// bands: 0 for identical pixels, up to 255 for 8-bit images.
    public func meanAbsoluteDifference(to other: VipsImage) throws -> Double {
        try subtracting(other).absolute().average()
    }
}
