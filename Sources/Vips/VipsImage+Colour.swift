import CVips

extension VipsImage {
    /// The image as 8-bit sRGB, whatever came in: 16-bit RGB or grey, black-and-white, CMYK,
    /// Lab, float. An alpha band is kept (grey + alpha becomes RGBA); extra bands beyond
    /// RGBA are dropped. Web browsers assume sRGB, and the encoders want 8 bits per band.
    public func srgb8() throws -> VipsImage {
        var image = self
        let source = image.sourceInterpretation
        if source != .srgb {
            image = try image.colourspace(.srgb, from: source)
        }
        if image.bands > 4 {
            image = try image.extractBands(from: 0, count: image.hasAlpha ? 4 : 3)
        }
        if image.bandFormat != .uchar {
            // Values are already 0-255 here; cast clips anything a float pipeline overshot.
            image = try image.cast(to: .uchar)
        }
        return image
    }

    /// Converts to another colour space. `from` overrides what the image says it is.
    public func colourspace(_ space: Interpretation, from source: Interpretation? = nil) throws -> VipsImage {
        try derive("colourspace") { out in
            hf_vips_colourspace(pointer, out, space.value, (source ?? interpretation).value)
        }
    }

    /// Changes the numeric type of every band. With `shift`, integer values are scaled by bit
    /// shifting (16-bit 65535 becomes 8-bit 255) instead of clipped.
    public func cast(to format: BandFormat, shift: Bool = false) throws -> VipsImage {
        try derive("cast") { out in hf_vips_cast(pointer, out, format.value, shift ? 1 : 0) }
    }

    /// The same pixels labelled with another interpretation (no conversion).
    public func labelled(_ interpretation: Interpretation) throws -> VipsImage {
        try derive("copy") { out in hf_vips_copy_interpretation(pointer, out, interpretation.value) }
    }

    /// What the pixels really are. Loaders sometimes label 16-bit data "srgb" or "b-w", or
    /// leave it "multiband"; converting from the label would then clip or misread it.
    var sourceInterpretation: Interpretation {
        let label = Interpretation(vips_image_guess_interpretation(pointer))
        let wide = bandFormat == .ushort
        switch label {
        case .srgb where wide: return .rgb16
        case .bw where wide: return .grey16
        case .multiband:
            let grey = bands < 3
            if wide { return grey ? .grey16 : .rgb16 }
            return grey ? .bw : .srgb
        default: return label
        }
    }
}
