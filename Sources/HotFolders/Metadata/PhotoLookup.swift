import Foundation

/// The photo a command-line FILE names, for `show` and `place`: an outbox file (the photo it
/// was made from), or any photo file by its content (in the inbox, originals/, failed/, or
/// anywhere else), matched against the catalog by SHA-256.
public struct PhotoLookup: Sendable {
    public var url: URL
    /// The content's SHA-256 (the original's, for an outbox file).
    public var sha256: String
    public var kind: ImageKind?
    /// The catalog's rows for it, the canonical ones first (empty when it was never processed).
    public var photos: [PhotoRecord]
    /// The album the file's place suggests (`inbox/<Album>/...`, `originals/<Album>/...`), if any.
    public var album: String?

    /// Looks `url` up; throws when the file cannot be read.
    public static func find(_ url: URL, layout: Layout, catalog: Catalog, album: String? = nil) throws -> PhotoLookup {
        let relative = layout.relative(url)
        if !relative.hasPrefix("/"), relative.hasPrefix("outbox/"), let photo = try catalog.photo(outputPath: relative) {
            let original = [photo.dispositionPath, "inbox/\(photo.album)/\(photo.originalName)"].compactMap { $0 }
                .map { layout.root.appendingPathComponent($0) }
                .first { FileManager.default.isReadableFile(atPath: $0.path) }
            let kind = try original.map { try Inspection.of($0).kind } ?? nil
            return PhotoLookup(url: original ?? url, sha256: photo.sha256, kind: kind,
                               photos: try rows(catalog, photo.sha256, album ?? photo.album), album: photo.album)
        }
        let inspection = try Inspection.of(url)
        let folderAlbum = Self.album(of: relative)
        return PhotoLookup(url: url, sha256: inspection.sha256, kind: inspection.kind,
                           photos: try rows(catalog, inspection.sha256, album ?? folderAlbum), album: album ?? folderAlbum)
    }

    /// Rows with that content: those of `album` first, canonical before duplicates.
    private static func rows(_ catalog: Catalog, _ sha256: String, _ album: String?) throws -> [PhotoRecord] {
        try catalog.photos(sha256: sha256).sorted { a, b in
            let left = (a.album == album ? 0 : 1, a.status == .duplicate ? 1 : 0, a.id)
            let right = (b.album == album ? 0 : 1, b.status == .duplicate ? 1 : 0, b.id)
            return left < right
        }
    }

    /// `inbox/Trip/x.jpg`, `originals/Trip/x.jpg`, `failed/Trip/x.jpg` -> "Trip".
    static func album(of relative: String) -> String? {
        let parts = relative.split(separator: "/").map(String.init)
        guard parts.count >= 3, ["inbox", "originals", "failed", "outbox"].contains(parts[0]) else { return nil }
        return parts[1]
    }
}
