import Foundation

/// What the rename and watermark rules make, or made, of one photo, in words for `hotfolders
/// show`: the name its outputs carry (claimed in the catalog) or would carry, and the text of its
/// mark. Lets a photographer try a template on a photo before dropping a whole album.
public struct NamingPreview: Sendable, Equatable {
    /// The outputs' stem, e.g. "montreal_quebec_1234"; nil when the album does not rename.
    public var name: String?
    /// True when `name` is the one claimed in the catalog, false when it is what the template
    /// would give now (a clash with another photo would add `_1`).
    public var claimed: Bool
    /// The mark's text; nil when the album has no watermark rule.
    public var mark: String?
    /// What `{year}` says for a photo without a capture date, with why; nil when it has one.
    public var undatedYear: String?

    /// For `originalName` in an album with `settings`, given what the metadata rule found.
    /// `claim` is the catalog's name for the photo, when it has one.
    public init(originalName: String, album: String, kind: ImageKind, sha256: String?, metadata: PhotoMetadata?,
                settings: AlbumSettings, claim: NameClaim?) {
        var photo = PhotoWork(source: URL(fileURLWithPath: originalName), album: album, originalName: originalName, kind: kind)
        photo.sha256 = sha256
        photo.metadata = metadata
        claimed = claim != nil
        let fallback = settings.metadata.yearFallback
        if settings.rules.contains(.rename) {
            name = claim?.name ?? RenameRule(settings: settings.rename, yearFallback: fallback).wantedStem(for: photo)(1)
        }
        if settings.rules.contains(.watermark) {
            mark = WatermarkRule(settings: settings.watermark, yearFallback: fallback).text(for: photo)
        }
        if let metadata, !metadata.isDated {
            let year = PhotoTokens(photo, yearFallback: fallback).value(of: "year")
            let why = switch fallback {
            case .none: "no capture date"
            case .file: "the file's date, as year_fallback = \"file\" says: no capture date"
            case .year: "year_fallback: no capture date"
            }
            undatedYear = "\(year ?? "none") (\(why); no zodiac sign)"
        }
    }

    /// `name  montreal_quebec_1234 (...)` and `mark  "Ann © 2024 ♈ Montréal"`, as `show` prints them.
    public var reportLines: [String] {
        var lines: [String] = []
        if let name {
            lines.append("name          \(name)" + (claimed ? "  (its outputs' name, kept for good)"
                                                        : "  (from the rename template; a clash with another photo adds _1)"))
        }
        if let undatedYear { lines.append("year          " + undatedYear) }
        if let mark { lines.append("mark          " + (mark.isEmpty ? "(no text)" : "\"\(mark)\"")) }
        return lines
    }
}
