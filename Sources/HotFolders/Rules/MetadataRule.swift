import Foundation
import Glibc

/// The `metadata` rule: reads the original's EXIF once, names its place (set by hand, the
/// album's, or from GPS), works out when it was taken in local time and UTC and its zodiac
/// sign, records all of it in the catalog, and hands it to the rules after it in
/// `PhotoWork.metadata`. Bad metadata never fails a photo: a missing or placeholder value is
/// left out with the reason in `notes`. Runs before rename and watermark.
public struct MetadataRule: Rule {
    public var kind: RuleKind { .metadata }
    public var settings: MetadataSettings

    public init(settings: MetadataSettings) {
        self.settings = settings
    }

    public func apply(to photo: inout PhotoWork, in context: RuleContext) async throws {
        let sha256 = try? context.catalog.photo(id: context.photoID)?.sha256
        let metadata = await read(photo.source, kind: photo.kind, sha256: sha256, catalog: context.catalog)
        do {
            try context.catalog.recordMetadata(photoID: context.photoID, metadata)
        } catch {
            throw RuleError("the catalog could not record the photo's metadata", detail: "\(error)")
        }
        photo.metadata = metadata
    }

    /// Everything the rule finds for the file at `url`, without recording it (`hotfolders show`
    /// uses it for a photo the catalog does not know yet). `catalog` gives places set by hand
    /// and Nominatim's cache; nil reads without them.
    public func read(_ url: URL, kind: ImageKind, sha256: String?, catalog: Catalog?, now: Date = Date()) async -> PhotoMetadata {
        let facts = ExifFacts.read(url, kind: kind)
        var metadata = PhotoMetadata(read: now)
        metadata.exifSource = facts.source
        metadata.camera = facts.camera
        metadata.exposure = facts.exposure
        metadata.orientation = facts.orientation
        metadata.artist = facts.artist
        metadata.copyright = facts.copyright
        metadata.imageDescription = facts.imageDescription
        metadata.gps = facts.gps
        var notes = facts.notes

        let places = PlaceResolver(settings: settings, catalog: catalog)
        metadata.place = await places.resolve(sha256: sha256, gps: facts.gps, notes: &notes)

        var clues = CaptureTime.Clues(albumZone: settings.timezone, clockCorrection: settings.clockOffset,
                                      fileModified: Self.modificationTime(of: url), gpsTime: facts.gps?.time, now: now)
        if let point = facts.gps?.point, let zone = places.finder?.timeZone(at: point) {
            clues.gpsZone = (zone.zone, zone.near)
        }
        metadata.capture = CaptureTime.resolve(facts, clues: clues, notes: &notes)
        metadata.zodiac = metadata.capture.map { Zodiac($0.local) }
        metadata.notes = notes
        return metadata
    }

    static func modificationTime(of url: URL) -> Date? {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec) + TimeInterval(info.st_mtim.tv_nsec) / 1e9)
    }
}
