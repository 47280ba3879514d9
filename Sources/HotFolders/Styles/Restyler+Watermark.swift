import Foundation
import Vips

extension Restyler {
    /// A re-made style with the album's watermark laid on it, as the pipeline lays it when the
    /// album's rules include "watermark" and `variants` selects the style, so a restyled result
    /// matches the one first published. The text comes from the metadata the catalog recorded.
    /// A mark that cannot be drawn makes the result a failed style, recorded like any other.
    func watermarking(_ outcome: StyleOutcome, of target: Target, settings: AlbumSettings) -> StyleOutcome {
        guard case .success(let image) = outcome.result, settings.rules.contains(.watermark),
              settings.watermark.marks(variant: outcome.style) else { return outcome }
        let photo = target.photo
        var work = PhotoWork(source: target.source, album: photo.album, originalName: photo.originalName,
                             kind: Self.kind(of: target.source))
        work.sha256 = photo.sha256
        work.metadata = try? catalog.metadata(photoID: photo.id)
        var marked = outcome
        do {
            let rule = WatermarkRule(settings: settings.watermark, yearFallback: settings.metadata.yearFallback, logos: logos)
            marked.result = .success(try rule.mark(image, with: rule.painter(for: work), variant: outcome.style))
        } catch {
            let reason = (error as? RuleError)?.reason ?? "the watermark could not be drawn"
            marked.result = .failure(StyleFailure(reason, detail: (error as? RuleError)?.detail ?? "\(error)"))
        }
        return marked
    }

    /// The original's kind from its first bytes (JPEG when it cannot be told; only tokens read it).
    private static func kind(of url: URL) -> ImageKind {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return .jpeg }
        defer { try? handle.close() }
        return ImageKind.sniff(handle.readData(ofLength: ImageKind.sniffLength)) ?? .jpeg
    }
}
