import Foundation
import GRDB

/// One row of `photo_metadata`: a photo's `PhotoMetadata`, column by column.
struct MetadataRecord: Sendable, Equatable {
    var photoID: Int64
    var metadata: PhotoMetadata

    static let databaseTableName = "photo_metadata"

    /// The row's values by column name.
    var columns: [String: (any DatabaseValueConvertible)?] {
        let m = metadata
        return [
            "photo_id": photoID,
            "read": Timestamp.string(m.read),
            "exif_source": m.exifSource,
            "make": m.camera.make, "model": m.camera.model, "lens": m.camera.lens,
            "iso": m.exposure.iso, "f_number": m.exposure.fNumber, "exposure_time": m.exposure.exposureTime,
            "exposure_seconds": m.exposure.exposureSeconds, "focal_length": m.exposure.focalLength,
            "orientation": m.orientation, "artist": m.artist, "copyright": m.copyright, "description": m.imageDescription,
            "latitude": m.gps?.point.latitude, "longitude": m.gps?.point.longitude, "altitude": m.gps?.altitude,
            "gps_time": m.gps?.time.map { Timestamp.string($0) },
            "taken_from": m.capture?.origin.rawValue,
            "camera_local": m.capture?.camera?.text,
            "taken_local": m.capture?.local.text,
            "taken_utc": m.capture?.utc.map { Timestamp.string($0) },
            "utc_offset": m.capture?.utcOffset,
            "time_zone": m.capture?.timeZone,
            "time_source": m.capture?.source.rawValue,
            "clock_correction": m.capture?.clockCorrection ?? 0,
            "zodiac": m.zodiac?.rawValue,
            "place": m.place?.name, "region": m.place?.region, "country": m.place?.country,
            "country_code": m.place?.countryCode, "place_source": m.place?.source.rawValue,
            "place_distance_km": m.place?.distance,
            "place_latitude": m.place?.point?.latitude, "place_longitude": m.place?.point?.longitude,
            "place_attribution": m.place?.attribution,
            "place_candidates": Self.json(m.place?.candidates ?? []),
            "notes": Self.json(m.notes),
        ]
    }

    func insert(_ db: Database) throws {
        let columns = self.columns
        let names = columns.keys.sorted()
        let sql = "INSERT OR REPLACE INTO photo_metadata (\(names.joined(separator: ", "))) "
            + "VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
        try db.execute(sql: sql, arguments: StatementArguments(names.map { columns[$0] ?? nil }))
    }

    init(photoID: Int64, metadata: PhotoMetadata) {
        self.photoID = photoID
        self.metadata = metadata
    }

    init(row: Row) throws {
        photoID = row["photo_id"]
        var m = PhotoMetadata(read: try Timestamp.required(row, "read"))
        m.exifSource = row["exif_source"]
        m.camera = Camera(make: row["make"], model: row["model"], lens: row["lens"])
        m.exposure.iso = row["iso"]
        m.exposure.fNumber = row["f_number"]
        m.exposure.exposureTime = row["exposure_time"]
        m.exposure.exposureSeconds = row["exposure_seconds"]
        m.exposure.focalLength = row["focal_length"]
        m.orientation = row["orientation"]
        m.artist = row["artist"]
        m.copyright = row["copyright"]
        m.imageDescription = row["description"]
        if let latitude: Double = row["latitude"], let longitude: Double = row["longitude"] {
            m.gps = GPSFix(point: GeoPoint(latitude: latitude, longitude: longitude), altitude: row["altitude"],
                           time: try Timestamp.optional(row, "gps_time"))
        }
        if let localText: String = row["taken_local"], let local = LocalDateTime(text: localText),
           let origin = (row["taken_from"] as String?).flatMap(CaptureTime.Origin.init(rawValue:)),
           let source = (row["time_source"] as String?).flatMap(CaptureTime.Source.init(rawValue:)) {
            m.capture = CaptureTime(
                origin: origin, camera: (row["camera_local"] as String?).flatMap { LocalDateTime(text: $0) }, local: local,
                utc: try Timestamp.optional(row, "taken_utc"), utcOffset: row["utc_offset"], timeZone: row["time_zone"],
                source: source, clockCorrection: row["clock_correction"])
        }
        m.zodiac = (row["zodiac"] as String?).flatMap(Zodiac.init(rawValue:))
        if let name: String = row["place"], let source = (row["place_source"] as String?).flatMap(PlaceSource.init(rawValue:)) {
            var point: GeoPoint?
            if let latitude: Double = row["place_latitude"], let longitude: Double = row["place_longitude"] {
                point = GeoPoint(latitude: latitude, longitude: longitude)
            }
            m.place = Place(name: name, region: row["region"], country: row["country"], countryCode: row["country_code"],
                            source: source, distance: row["place_distance_km"], point: point,
                            candidates: Self.decode([PlaceCandidate].self, row["place_candidates"]) ?? [],
                            attribution: row["place_attribution"])
        }
        m.notes = Self.decode([MetadataNote].self, row["notes"]) ?? []
        metadata = m
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
