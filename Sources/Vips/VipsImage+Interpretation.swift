import CVips

extension VipsImage {
    /// What the bands of an image mean (sRGB, 16-bit RGB, CMYK, black-and-white, ...).
    /// Printed with libvips's own names ("srgb", "b-w", "grey16").
    public struct Interpretation: Hashable, Sendable, CustomStringConvertible {
        // The raw number, so the type is Sendable whatever the imported C enum is.
        let rawValue: VipsInterpretation.RawValue
        init(_ value: VipsInterpretation) { rawValue = value.rawValue }
        var value: VipsInterpretation { VipsInterpretation(rawValue: rawValue) }

        public static let srgb = Interpretation(VIPS_INTERPRETATION_sRGB)
        public static let rgb16 = Interpretation(VIPS_INTERPRETATION_RGB16)
        public static let bw = Interpretation(VIPS_INTERPRETATION_B_W)
        public static let grey16 = Interpretation(VIPS_INTERPRETATION_GREY16)
        public static let cmyk = Interpretation(VIPS_INTERPRETATION_CMYK)
        public static let scrgb = Interpretation(VIPS_INTERPRETATION_scRGB)
        public static let lab = Interpretation(VIPS_INTERPRETATION_LAB)
        public static let multiband = Interpretation(VIPS_INTERPRETATION_MULTIBAND)

        public var description: String {
            hf_vips_interpretation_nick(value).map { String(cString: $0) } ?? "\(rawValue)"
        }
    }

    /// The numeric type of each band value ("uchar" for 8 bits, "ushort" for 16, "float", ...).
    public struct BandFormat: Hashable, Sendable, CustomStringConvertible {
        let rawValue: VipsBandFormat.RawValue
        init(_ value: VipsBandFormat) { rawValue = value.rawValue }
        var value: VipsBandFormat { VipsBandFormat(rawValue: rawValue) }

        public static let uchar = BandFormat(VIPS_FORMAT_UCHAR)
        public static let ushort = BandFormat(VIPS_FORMAT_USHORT)
        public static let float = BandFormat(VIPS_FORMAT_FLOAT)
        public static let double = BandFormat(VIPS_FORMAT_DOUBLE)

        public var description: String {
            hf_vips_band_format_nick(value).map { String(cString: $0) } ?? "\(rawValue)"
        }
    }
}
