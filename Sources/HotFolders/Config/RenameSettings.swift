/// `[defaults.rename]` / `[album."X".rename]`: what a photo's outputs are called.
public struct RenameSettings: Sendable, Equatable {
    /// `template`: the name of a photo with a place ("IMG_1234" -> "montreal_quebec_1234").
    public var template = RenameSettings.standardTemplate
    /// `fallback`: the name when `template` needs a place and the photo has none. The album and
    /// the capture date, so photos without GPS still sort by day inside the album's folder and
    /// say where they belong; the original's number keeps a day's photos apart.
    public var fallback = RenameSettings.standardFallback
    /// `generic`: which original names a device made, and so are replaced.
    public var generic = GenericNames.standard
    /// `keep_meaningful`: a name the photographer gave ("sunset over the lake") is kept as it is.
    public var keepMeaningful = true
    /// `max_length`: the longest name the template makes, in characters; long place names are
    /// shortened first, so the number at the end survives.
    public var maxLength = Slug.defaultMaxLength

    public init() {}

    public static let standardTemplate = try! TextTemplate(parsing: "{place_slug}_{seq}")
    public static let standardFallback = try! TextTemplate(parsing: "{album}_{year}{month}{day}_{seq}")

    /// The tokens a rename template may name: every photo token except the watermark's `{owner}`.
    public static let tokens = PhotoTokens.known.filter { $0 != "owner" }

    /// What is wrong with a name template's own text, or nil: it names one file, so it holds no
    /// folder separator or leading dot (control characters are refused for every template).
    static func templateProblem(_ template: TextTemplate) -> String? {
        let text = template.render { _ in "x" }
        if text.contains("/") || text.contains("\\") {
            return "contains a slash; a template names a file, not a folder (subfolders of the inbox are kept on their own)"
        }
        if text.hasPrefix(".") { return "starts with a dot, which would hide the files" }
        return nil
    }

    /// The fallback is used when a photo has no place, so a place token there would always be empty.
    static func fallbackProblem(_ template: TextTemplate) -> String? {
        if let token = template.tokens.first(where: PhotoTokens.placeTokens.contains) {
            return "{\(token)} is never known here: the fallback names photos without a place (use {album}, the date, {seq})"
        }
        return templateProblem(template)
    }
}
