import CVips

extension VipsImage {
    /// Every value `v` of band `i` replaced by `a[i] * v + b[i]` (as float). A one-band image
    /// given n constants comes out with n bands: one grey ramp turned into a colour.
    public func linear(_ a: [Double], _ b: [Double]) throws -> VipsImage {
        precondition(a.count == b.count && !a.isEmpty, "linear: a and b need the same number of constants")
        return try derive("linear") { out in hf_vips_linear(pointer, out, a, b, Int32(a.count)) }
    }

    /// Pixel-wise `self + other`.
    public func adding(_ other: VipsImage) throws -> VipsImage {
        try derive("add") { out in hf_vips_add(pointer, other.pointer, out) }
    }

    /// Pixel-wise `self * other` (a one-band image multiplies every band of the other).
    public func multiplying(by other: VipsImage) throws -> VipsImage {
        try derive("multiply") { out in hf_vips_multiply(pointer, other.pointer, out) }
    }

    /// Pixel-wise `self / other` (float; libvips gives 0 where `other` is 0).
    public func dividing(by other: VipsImage) throws -> VipsImage {
        try derive("divide") { out in hf_vips_divide(pointer, other.pointer, out) }
    }

    /// Each output band a weighted sum of the input bands: `matrix[out][in]` (one row per
    /// output band, one column per input band). A channel mixer.
    public func recombined(_ matrix: [[Double]]) throws -> VipsImage {
        let columns = matrix.first?.count ?? 0
        precondition(columns > 0 && matrix.allSatisfy { $0.count == columns }, "recombined: a ragged matrix")
        let coefficients = try VipsImage.fromValues(matrix.flatMap { $0 }, width: columns, height: matrix.count)
        return try derive("recomb") { out in hf_vips_recomb(pointer, out, coefficients.pointer) }
    }

    /// Every 8-bit value `v` replaced by entry `v` of `lut`, a 256 x 1 image. A one-band table
    /// maps every band alike; a table with as many bands as the image maps band `i` by band `i`;
    /// a one-band image through an n-band table comes out with n bands.
    public func mapped(through lut: VipsImage) throws -> VipsImage {
        try derive("maplut") { out in hf_vips_maplut(pointer, out, lut.pointer) }
    }
}
