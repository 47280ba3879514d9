import CVips

extension VipsImage {
    /// The mean of every band of every pixel.
    public func average() throws -> Double {
        try Vips.ensureStarted()
        var value = 0.0
        guard hf_vips_avg(pointer, &value) == 0 else { throw VipsError.take(operation: "avg") }
        return value
    }

    /// Pixel-wise `self - other` (signed).
    public func subtracting(_ other: VipsImage) throws -> VipsImage {
        try Self.make("subtract") { out in hf_vips_subtract(pointer, other.pointer, out) }
    }

    /// Pixel-wise absolute value.
    public func absolute() throws -> VipsImage {
        try Self.make("abs") { out in hf_vips_abs(pointer, out) }
    }

    /// The band values of the pixel at (`x`, `y`).
    public func pixel(x: Int, y: Int) throws -> [Double] {
        try Vips.ensureStarted()
        var values: UnsafeMutablePointer<Double>?
        var count: Int32 = 0
        guard hf_vips_getpoint(pointer, &values, &count, Int32(clamping: x), Int32(clamping: y)) == 0,
              let values else { throw VipsError.take(operation: "getpoint") }
        defer { hf_g_free(values) }
        return Array(UnsafeBufferPointer(start: values, count: Int(count)))
    }

    /// The mean absolute difference per band value between two images of the same size and
    /// bands: 0 for identical pixels, up to 255 for 8-bit images.
    public func meanAbsoluteDifference(to other: VipsImage) throws -> Double {
        try subtracting(other).absolute().average()
    }
}
