import Vips

/// A mark ready to be laid on an image: its colours (8-bit sRGB, three bands) and how much
/// each pixel covers (one 8-bit band, 0 = leaves the photo as it is), the same size. Text,
/// its outline or shadow, and a logo all become one of these; the painter lays it on.
struct WatermarkMark {
    var colour: VipsImage
    var alpha: VipsImage

    var width: Int { alpha.width }
    var height: Int { alpha.height }

    /// How text is drawn: the parts of the settings that do not depend on the image.
    struct TextStyle {
        var font: String
        var weight: FontWeight
        var fontFile: String?
        var color: RGBColor
        var outline: OutlineStyle
        var outlineColor: RGBColor
    }

    /// `text` (plain, not markup) rendered with letters `pixelSize` pixels high (the font's em),
    /// wrapped at `maxWidth` pixels, lines aligned as `alignment` says, with its outline or
    /// shadow. Colour fonts (emoji) keep their colours.
    static func text(_ text: String, style: TextStyle, pixelSize: Int, maxWidth: Int?,
                     alignment: Vips.TextAlignment) throws -> WatermarkMark {
        let weight = style.weight.pangoName
        // The comma ends Pango's family list, so a family name is never read as a style or size.
        let font = "\(style.font), \(weight.isEmpty ? "" : weight + " ")\(pixelSize)px"
        let markup = "<span foreground=\"\(style.color)\">\(escaped(text))</span>"
        // 72 dpi: a size in points is a size in pixels.
        let rgba = try VipsImage.text(markup: markup, font: font, width: maxWidth, dpi: 72, alignment: alignment,
                                      colour: true, fontFile: style.fontFile)
        let ink = WatermarkMark(colour: try rgba.extractBands(from: 0, count: 3), alpha: try rgba.extractBands(from: 3))
        switch style.outline {
        case .none:
            return ink
        case .outline:
            // A rim about 1/16 of the letter size: thick enough to read on the text's own colour,
            // thin enough not to fill the counters of small letters.
            let radius = max(1, Int((Double(pixelSize) / 16).rounded()))
            let padded = try ink.padded(by: radius)
            return try padded.over(colour: style.outlineColor, alpha: padded.alpha.dilated(radius: radius))
        case .shadow:
            let offset = max(1, Int((Double(pixelSize) / 14).rounded()))
            let sigma = max(0.5, Double(pixelSize) / 24)
            let spread = offset + Int((2 * sigma).rounded(.up))
            let padded = try ink.padded(by: spread)
            // Shifted down and right, softened, and strengthened again so thin strokes still cast one.
            let shadow = try padded.alpha.cropped(left: 0, top: 0, width: padded.width - offset, height: padded.height - offset)
                .embedded(x: offset, y: offset, width: padded.width, height: padded.height)
                .blurred(sigma: sigma).linear(1.6, 0.5).cast(to: .uchar)
            return try padded.over(colour: style.outlineColor, alpha: shadow)
        }
    }

    /// A logo (8-bit sRGB, with or without alpha) scaled so its long edge is `longEdge` pixels.
    /// Scaling works on premultiplied colours, so the colour of transparent pixels never bleeds
    /// into the edges; a logo without alpha is opaque.
    static func logo(_ image: VipsImage, longEdge: Int) throws -> WatermarkMark {
        let scale = Double(max(1, longEdge)) / Double(max(image.width, image.height))
        guard image.hasAlpha else {
            let colour = try image.resized(scale: scale).cast(to: .uchar)
            return WatermarkMark(colour: colour, alpha: try colour.extractBands(from: 0).filled(with: [255]))
        }
        let scaled = try image.premultiplied().resized(scale: scale).unpremultiplied().linear(1, 0.5).cast(to: .uchar)
        return WatermarkMark(colour: try scaled.extractBands(from: 0, count: 3), alpha: try scaled.extractBands(from: 3))
    }

    /// `first` and `second` side by side, `gap` pixels apart, centred on each other vertically.
    static func beside(_ first: WatermarkMark, _ second: WatermarkMark, gap: Int) throws -> WatermarkMark {
        let width = first.width + gap + second.width
        let height = max(first.height, second.height)
        let left = try first.placed(x: 0, y: (height - first.height) / 2, width: width, height: height)
        let right = try second.placed(x: first.width + gap, y: (height - second.height) / 2, width: width, height: height)
        return try left.combined(with: right)
    }

    /// The mark repeated over a `width` x `height` image, slanted by `angle` degrees
    /// (clockwise; negative rises to the right), rows staggered by half a tile like bricks,
    /// with about twice the mark's height free between rows and half its length between copies.
    func tiled(width: Int, height: Int, angle: Double) throws -> WatermarkMark {
        let tileWidth = self.width + max(3 * self.height, self.width / 2)
        let tileHeight = 3 * self.height
        let rgba = try VipsImage.joiningBands([colour, alpha])
        let tile = try rgba.embedded(x: (tileWidth - self.width) / 2, y: (tileHeight - self.height) / 2,
                                     width: tileWidth, height: tileHeight)
        // In memory: the rotation reads it many times over, and it is small.
        let staggered = try tile.joined(above: tile.embedded(x: tileWidth / 2, y: 0, width: tileWidth, height: tileHeight,
                                                             extend: .repeating)).inMemory()
        // Enough rows and columns to cover the image's diagonal once turned.
        let diagonal = Int(Double(width * width + height * height).squareRoot().rounded(.up))
        let sheet = try staggered.replicated(across: diagonal / tileWidth + 2, down: diagonal / (2 * tileHeight) + 2)
        let turned = try sheet.rotated(by: angle)
        // Lazy: only the part cropped out is ever computed.
        let covering = try turned.cropped(left: (turned.width - width) / 2, top: (turned.height - height) / 2,
                                          width: width, height: height)
        return WatermarkMark(colour: try covering.extractBands(from: 0, count: 3), alpha: try covering.extractBands(from: 3))
    }

    /// `&`, `<`, `>` and quotes written as entities, so text from the config or a photo's
    /// metadata (an owner called "<b>Ann</b>", a place with "&") prints as it is instead of
    /// being read as Pango markup.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }

    // MARK: Building blocks

    /// The same mark with `amount` transparent pixels added on every side.
    private func padded(by amount: Int) throws -> WatermarkMark {
        try placed(x: amount, y: amount, width: width + 2 * amount, height: height + 2 * amount)
    }

    /// The mark at (`x`, `y`) in a larger transparent canvas.
    private func placed(x: Int, y: Int, width: Int, height: Int) throws -> WatermarkMark {
        WatermarkMark(colour: try colour.embedded(x: x, y: y, width: width, height: height),
                      alpha: try alpha.embedded(x: x, y: y, width: width, height: height))
    }

    /// This mark laid over a layer of one `colour` whose coverage is `alpha` (an outline or a
    /// shadow). Coverage adds up as for stacked sheets: 1 - (1 - a)(1 - b).
    private func over(colour below: RGBColor, alpha under: VipsImage) throws -> WatermarkMark {
        let colour = try alpha.filled(with: below.bands).blending(self.colour, mask: alpha)
        return WatermarkMark(colour: colour, alpha: try Self.stacked(alpha, under))
    }

    /// Two marks of the same size that do not overlap, as one.
    private func combined(with other: WatermarkMark) throws -> WatermarkMark {
        WatermarkMark(colour: try other.colour.blending(colour, mask: alpha), alpha: try Self.stacked(alpha, other.alpha))
    }

    private static func stacked(_ a: VipsImage, _ b: VipsImage) throws -> VipsImage {
        // +0.5: casting to 8 bits truncates.
        try a.linear(-1, 255).multiplying(by: b.linear(-1, 255)).linear(-1.0 / 255, 255.5).cast(to: .uchar)
    }
}
