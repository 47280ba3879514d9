import CVips

extension Vips {
    /// How the lines of a text block line up with each other.
    public enum TextAlignment: Sendable {
        case left, centre, right

        var value: VipsAlign {
            switch self {
            case .left: VIPS_ALIGN_LOW
            case .centre: VIPS_ALIGN_CENTRE
            case .right: VIPS_ALIGN_HIGH
            }
        }
    }
}

extension VipsImage {
    /// Pango markup rendered as a one-band 8-bit mask: 0 where there is no ink, 255 under
    /// solid ink, antialiased edges between. With `colour`, an 8-bit sRGB image with alpha
    /// instead, in the markup's colours (`<span foreground="#fff">`, black by default), colour
    /// fonts (emoji) in their own. The image is the text's logical extent (line height,
    /// advance widths), not just its ink.
    ///
    /// - Parameters:
    ///   - markup: Pango markup; `&`, `<` and `>` in plain text must be escaped by the caller.
    ///   - font: a Pango font description ("DejaVu Sans, Bold 24px"). With the default 72 dpi
    ///     a size in points equals one in pixels.
    ///   - width: lines longer than this many pixels wrap (at words, or inside a word that does
    ///     not fit); nil never wraps.
    ///   - fontFile: a font file to make known to fontconfig first, for fonts not installed.
    public static func text(markup: String, font: String, width: Int? = nil, dpi: Int = 72,
                            alignment: Vips.TextAlignment = .left, colour: Bool = false,
                            fontFile: String? = nil) throws -> VipsImage {
        let wrap = width == nil ? VIPS_TEXT_WRAP_NONE : VIPS_TEXT_WRAP_WORD_CHAR
        return try make("text") { out in
            hf_vips_text(out, markup, font, Int32(clamping: max(0, width ?? 0)), Int32(clamping: max(1, dpi)),
                         alignment.value, wrap, colour ? 1 : 0, fontFile)
        }
    }
}
