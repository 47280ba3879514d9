import Foundation
import Vips

/// The `style` rule: makes each of the album's styles (`styles = [...]`) from the preprocessed
/// photo and plans it as an output of its own, `outbox/<Album>/<Style>/<name>.<ext>`. It runs
/// after preprocess (and rename, which only changes the name) and before watermark, so a
/// watermark rule (issue 5) finds the styled results among the planned outputs and marks them
/// too. A style that fails fails alone: it is recorded (catalog, `style_failed` event, `status`)
/// and the photo's other outputs are written; `hotfolders restyle` makes it again.
public struct StyleRule: Rule {
    public var kind: RuleKind { .style }
    public var settings: StyleSettings
    public var preprocess: PreprocessSettings
    let studio: StyleStudio

    public init(settings: StyleSettings, preprocess: PreprocessSettings, studio: StyleStudio) {
        self.settings = settings
        self.preprocess = preprocess
        self.studio = studio
    }

    public func apply(to photo: inout PhotoWork, in context: RuleContext) async throws {
        guard let image = photo.image else {
            throw RuleError("the style rule needs the preprocessed photo: list \"preprocess\" before \"style\" in rules")
        }
        try context.catalog.forgetStyles(photoID: context.photoID, except: settings.names)
        let encoding = settings.encoding(with: preprocess)
        for name in settings.names {
            guard let style = studio.library.registry[name] else { continue }  // the loader checked every name
            let outcome = await studio.render(style, of: image, seed: settings.seed(for: style), settings: settings,
                                              album: photo.album, file: photo.originalName, baseName: photo.baseName)
            try context.catalog.recordStyle(StyleResultRecord(photoID: context.photoID, style: style, outcome: outcome))
            context.events.record(outcome.event(album: photo.album, file: photo.originalName))
            if let styled = outcome.image {
                photo.outputs.append(PlannedOutput(variant: name, image: styled, encoding: encoding))
            }
        }
    }
}

extension StyleOutcome {
    /// `styled` (info) or `style_failed` (error), with the seed, the backend and what the
    /// generator said, so any result can be made again from the log alone.
    func event(album: String, file: String, restyle: Bool = false) -> Event {
        var fields = ["style": style, "seed": String(seed), "backend": backend]
        if attempts > 1 { fields["attempts"] = String(attempts) }
        if let remoteID { fields["remote_id"] = remoteID }
        if restyle { fields["by"] = "restyle" }
        let ms = Int(duration / .milliseconds(1))
        if let failure {
            return Event(.styleFailed, level: .error, album: album, file: file, ms: ms, stage: "style",
                         reason: "style \"\(style)\": \(failure.reason)", detail: failure.detail ?? log, fields: fields)
        }
        if let log { fields["log"] = log }
        return Event(.styled, album: album, file: file, ms: ms, stage: "style", fields: fields)
    }
}
