import CVips

extension VipsImage {
    /// An 8-bit image made from band-interleaved pixel values, row by row (`width * height *
    /// bands` of them): lookup tables, masks, test patterns. The values are copied.
    public static func fromPixels(_ values: [UInt8], width: Int, height: Int, bands: Int,
                                  interpretation: Interpretation = .multiband) throws -> VipsImage {
        precondition(values.count == width * height * bands, "fromPixels: wrong number of values")
        let image = try values.withUnsafeBytes { buffer in
            try make("new_from_memory_copy") {
                vips_image_new_from_memory_copy(buffer.baseAddress, buffer.count, Int32(clamping: width),
                                                Int32(clamping: height), Int32(clamping: bands), VIPS_FORMAT_UCHAR)
            }
        }
        return interpretation == .multiband ? image : try image.labelled(interpretation)
    }

    /// A double-precision image made from values row by row: the coefficient matrices of `recombined`.
    public static func fromValues(_ values: [Double], width: Int, height: Int) throws -> VipsImage {
        precondition(values.count == width * height, "fromValues: wrong number of values")
        return try values.withUnsafeBytes { buffer in
            try make("new_from_memory_copy") {
                vips_image_new_from_memory_copy(buffer.baseAddress, buffer.count, Int32(clamping: width),
                                                Int32(clamping: height), 1, VIPS_FORMAT_DOUBLE)
            }
        }
    }

    /// Every pixel computed and copied out, band-interleaved, row by row, as 8-bit values (the
    /// image is cast to 8 bits first, clipping anything outside 0-255).
    public func pixelBytes() throws -> [UInt8] {
        let image = bandFormat == .uchar ? self : try cast(to: .uchar)
        var size = 0
        var written: UnsafeMutableRawPointer?
        try image.check("write_to_memory") {
            written = vips_image_write_to_memory(image.pointer, &size)
            return written == nil ? -1 : 0
        }
        guard let data = written else { throw VipsError(operation: "write_to_memory", message: "libvips returned no pixels") }
        defer { hf_g_free(data) }
        return Array(UnsafeRawBufferPointer(start: data, count: size))
    }
}

extension VipsImage.Interpretation {
    /// CIE LCh: lightness, chroma and hue angle in degrees (libvips's "lch").
    public static let lch = Self(VIPS_INTERPRETATION_LCH)
}
