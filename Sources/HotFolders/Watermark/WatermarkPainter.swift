import Foundation
import Vips

/// Lays one photo's watermark (its text, its logo, or both) on images of any size: the mark is
/// rendered afresh at each image's own size, so a 256 px derivative gets crisp letters in the
/// same proportions as the 2048 px photo. Images with an alpha band keep it (the mark is opaque
/// where it is drawn); 8-bit images stay 8-bit. Only the pixels under the mark change.
struct WatermarkPainter {
    let settings: WatermarkSettings
    /// The text to print (plain text, already filled in from the template); empty prints none.
    let text: String
    /// The logo, decoded, 8-bit sRGB; nil when there is none.
    let logo: VipsImage?
    private var style: WatermarkMark.TextStyle

    init(settings: WatermarkSettings, text: String, logo: VipsImage?) {
        self.settings = settings
        self.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        self.logo = logo
        style = WatermarkMark.TextStyle(font: settings.font, weight: settings.weight, fontFile: settings.fontFile?.path,
                                        color: settings.color, outline: settings.outline, outlineColor: settings.outlineColor)
    }

    /// Whether there is anything to lay on an image.
    var isEmpty: Bool { text.isEmpty && logo == nil }

    /// The image with the watermark laid on it, computed and held in memory (several encoders
    /// may read it).
    func mark(_ image: VipsImage) throws -> VipsImage {
        guard !isEmpty else { return image }
        var base = image
        // The encoders want 8 bits; anything else is brought there first so the mark's colours mean the same.
        if base.bandFormat != .uchar { base = try base.srgb8() }
        let short = min(base.width, base.height)
        let scaledSize = Int((settings.size * Double(short)).rounded())
        let pixelSize = max(4, settings.minSizePx, scaledSize)
        // Held at the minimum, the text is not wrapped to fit: it fits on one line or is left off.
        let atMinimum = scaledSize < settings.minSizePx
        let margin = Int((settings.margin * Double(short)).rounded())
        let logoMark = try logo.map { try WatermarkMark.logo($0, longEdge: Int((settings.logoSize * Double(short)).rounded())) }
        let gap = pixelSize / 2

        switch settings.mode {
        case .mark:
            if let logoMark, settings.logoPosition == nil, !text.isEmpty {
                let room = base.width - 2 * margin - logoMark.width - gap
                let textMark = try renderText(pixelSize: pixelSize, maxWidth: atMinimum ? nil : room,
                                              alignment: settings.position.alignment)
                let mark = !atMinimum || fits(textMark, on: base, room: room)
                    ? try WatermarkMark.beside(logoMark, textMark, gap: gap) : logoMark
                base = try paint(mark, at: settings.position, on: base, margin: margin, opacity: settings.opacity)
            } else {
                if !text.isEmpty {
                    let room = base.width - 2 * margin
                    let textMark = try renderText(pixelSize: pixelSize, maxWidth: atMinimum ? nil : room,
                                                  alignment: settings.position.alignment)
                    if !atMinimum || fits(textMark, on: base, room: room) {
                        base = try paint(textMark, at: settings.position, on: base, margin: margin, opacity: settings.opacity)
                    }
                }
                if let logoMark {
                    base = try paint(logoMark, at: settings.logoPosition ?? settings.position, on: base, margin: margin,
                                     opacity: settings.opacity)
                }
            }
        case .tiled:
            if !text.isEmpty {
                let textMark = try renderText(pixelSize: pixelSize, maxWidth: nil, alignment: .centre)
                let sheet = try textMark.tiled(width: base.width, height: base.height, angle: settings.angle)
                base = try Self.paint(sheet, on: base, x: 0, y: 0, opacity: settings.tileOpacity)
            }
            if let logoMark {
                base = try paint(logoMark, at: settings.logoPosition ?? settings.position, on: base, margin: margin,
                                 opacity: settings.opacity)
            }
        }
        return try base.inMemory()
    }

    /// Whether text held at the minimum size suits the image: on one line within `room`, and no
    /// more than a quarter of its height. A 100 px thumbnail cannot carry "Ann Lee © 2019 Paris"
    /// in 10 px letters (wrapped, it would cover the picture), so it gets no text rather than an
    /// unreadable speck. Above the minimum the text scales with the image and is wrapped to fit.
    func fits(_ text: WatermarkMark, on base: VipsImage, room: Int) -> Bool {
        text.width <= room && text.height * 4 <= base.height
    }

    /// The text at `pixelSize`, wrapped at `maxWidth` (never narrower than one letter size).
    func renderText(pixelSize: Int, maxWidth: Int?, alignment: Vips.TextAlignment) throws -> WatermarkMark {
        try WatermarkMark.text(text, style: style, pixelSize: pixelSize, maxWidth: maxWidth.map { max(pixelSize, $0) },
                               alignment: alignment)
    }

    private func paint(_ mark: WatermarkMark, at anchor: Anchor, on base: VipsImage, margin: Int,
                       opacity: Double) throws -> VipsImage {
        let origin = anchor.origin(width: mark.width, height: mark.height, canvasWidth: base.width,
                                   canvasHeight: base.height, margin: margin)
        return try Self.paint(mark, on: base, x: origin.x, y: origin.y, opacity: opacity)
    }

    /// `mark` laid on `base` with its top-left corner at (`x`, `y`), its coverage scaled by
    /// `opacity`; the part outside `base` is cut off. Only the rectangle under the mark is
    /// recomputed; the rest of `base` is passed through untouched.
    static func paint(_ mark: WatermarkMark, on base: VipsImage, x: Int, y: Int, opacity: Double) throws -> VipsImage {
        let left = max(0, x), top = max(0, y)
        let right = min(base.width, x + mark.width), bottom = min(base.height, y + mark.height)
        guard right > left, bottom > top else { return base }
        let width = right - left, height = bottom - top

        let region = try base.cropped(left: left, top: top, width: width, height: height)
        var colour = try mark.colour.cropped(left: left - x, top: top - y, width: width, height: height)
        // +0.5: casting to 8 bits truncates; a coverage of 0 stays 0, leaving the photo exactly as it was.
        let coverage = try mark.alpha.cropped(left: left - x, top: top - y, width: width, height: height)
            .linear(min(max(opacity, 0), 1), 0.5).cast(to: .uchar)
        switch base.bands {
        case 3, 4: break
        case 1, 2: colour = try colour.labelled(.srgb).colourspace(.bw).cast(to: .uchar)
        default: throw VipsError(operation: "watermark", message: "cannot mark an image with \(base.bands) bands")
        }
        if base.hasAlpha || base.bands == 2 || base.bands == 4 {
            colour = try VipsImage.joiningBands([colour, coverage.filled(with: [255])])
        }
        let marked = try region.blending(colour, mask: coverage)
        return try base.inserting(marked, x: left, y: top)
    }
}
