import Foundation
import Vips

/// The `watermark` rule: lays the owner's mark (text from a template, a logo, or both) on the
/// outputs planned so far whose variant `variants` selects (default: all). It runs after the
/// styles and derivatives, so each is marked at its own size and no style smears the mark.
/// Outputs sharing one image (a size's formats) share one marked image; `photo.image` is left
/// as it was.
public struct WatermarkRule: Rule {
    public var kind: RuleKind { .watermark }
    public var settings: WatermarkSettings
    /// `{year}` for a photo without a capture date (the metadata settings' `year_fallback`).
    public var yearFallback: YearFallback
    /// Decoded logos, shared by the pipeline's photos (read once, not per photo).
    let logos: WatermarkLogos

    public init(settings: WatermarkSettings, yearFallback: YearFallback = .none) {
        self.init(settings: settings, yearFallback: yearFallback, logos: WatermarkLogos())
    }

    init(settings: WatermarkSettings, yearFallback: YearFallback, logos: WatermarkLogos) {
        self.settings = settings
        self.yearFallback = yearFallback
        self.logos = logos
    }

    public func apply(to photo: inout PhotoWork, in context: RuleContext) async throws {
        let painter = try self.painter(for: photo)
        guard !painter.isEmpty else { return }
        var marked: [ObjectIdentifier: VipsImage] = [:]
        for index in photo.outputs.indices where settings.marks(variant: photo.outputs[index].variant) {
            let image = photo.outputs[index].image
            if let done = marked[ObjectIdentifier(image)] {
                photo.outputs[index].image = done
                continue
            }
            let result = try mark(image, with: painter, variant: photo.outputs[index].variant)
            marked[ObjectIdentifier(image)] = result
            photo.outputs[index].image = result
        }
    }

    /// The photo's mark, ready to lay on images: its text filled in and the logo read.
    func painter(for photo: PhotoWork) throws -> WatermarkPainter {
        WatermarkPainter(settings: settings, text: text(for: photo), logo: try logo())
    }

    /// The mark's text for this photo: the template with its tokens filled in, a token without
    /// a value left out with its separator ("Ann © 2024 ♈" when there is no place).
    func text(for photo: PhotoWork) -> String {
        let tokens = PhotoTokens(photo, owner: settings.owner, yearOffset: settings.yearOffset, yearFallback: yearFallback)
        return settings.template.render { tokens.value(of: $0) }.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `image` with the mark laid on it; a libvips failure becomes a `RuleError`.
    func mark(_ image: VipsImage, with painter: WatermarkPainter, variant: String) throws -> VipsImage {
        do {
            return try painter.mark(image)
        } catch let error as VipsError {
            throw RuleError("the watermark could not be drawn on the \(variant) output (font \"\(settings.font)\")",
                            detail: error.message)
        }
    }

    /// The logo decoded to 8-bit sRGB (alpha kept), or nil when none is set.
    func logo() throws -> VipsImage? {
        guard let url = settings.logo else { return nil }
        do {
            return try logos.logo(at: url)
        } catch {
            throw RuleError("the watermark logo \(url.path) cannot be read", detail: (error as? VipsError)?.message ?? "\(error)")
        }
    }
}
