import Foundation
import GRDB

/// `hotfolders catalog export`: the whole catalog (or one album) as JSON, one object per photo
/// with what the agent knows of it: where it came from, its outputs, its place, its capture
/// time and camera. The shape of the seed pipeline's catalog.json, with names in snake_case.
public struct CatalogExport: Sendable, Encodable {
    public var generated: String
    public var album: String?
    /// Credits for the data places were named from.
    public var attribution: [String]
    public var photos: [Entry]

    /// One photo. Optional fields are written as `null`, so every object has every key.
    public struct Entry: Sendable, Encodable {
        public var file: String
        public var album: String
        public var sha256: String
        public var status: String
        public var original: String?
        public var outputs: [String]
        public var latitude: Double?
        public var longitude: Double?
        public var altitude: Double?
        public var place: String?
        public var region: String?
        public var country: String?
        public var countryCode: String?
        public var placeSource: String?
        public var placeDistanceKm: Double?
        public var takenLocal: String?
        public var takenUTC: String?
        public var utcOffset: String?
        public var timeZone: String?
        public var timeSource: String?
        public var takenFrom: String?
        public var zodiac: String?
        public var zodiacSymbol: String?
        public var camera: String?
        public var make: String?
        public var model: String?
        public var lens: String?
        public var iso: Int?
        public var fNumber: Double?
        public var exposureTime: String?
        public var focalLength: Double?
        public var orientation: Int?
        public var artist: String?
        public var copyright: String?
        public var notes: [String]

        enum CodingKeys: String, CodingKey {
            case file, album, sha256, status, original, outputs, latitude, longitude, altitude, place, region, country
            case countryCode = "country_code", placeSource = "place_source", placeDistanceKm = "place_distance_km"
            case takenLocal = "taken_local", takenUTC = "taken_utc", utcOffset = "utc_offset", timeZone = "time_zone"
            case timeSource = "time_source", takenFrom = "taken_from", zodiac, zodiacSymbol = "zodiac_symbol"
            case camera, make, model, lens, iso, fNumber = "f_number", exposureTime = "exposure_time"
            case focalLength = "focal_length", orientation, artist, copyright, notes
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(file, forKey: .file); try c.encode(album, forKey: .album)
            try c.encode(sha256, forKey: .sha256); try c.encode(status, forKey: .status)
            try c.encode(original, forKey: .original); try c.encode(outputs, forKey: .outputs)
            try c.encode(latitude, forKey: .latitude); try c.encode(longitude, forKey: .longitude)
            try c.encode(altitude, forKey: .altitude); try c.encode(place, forKey: .place)
            try c.encode(region, forKey: .region); try c.encode(country, forKey: .country)
            try c.encode(countryCode, forKey: .countryCode); try c.encode(placeSource, forKey: .placeSource)
            try c.encode(placeDistanceKm, forKey: .placeDistanceKm); try c.encode(takenLocal, forKey: .takenLocal)
            try c.encode(takenUTC, forKey: .takenUTC); try c.encode(utcOffset, forKey: .utcOffset)
            try c.encode(timeZone, forKey: .timeZone); try c.encode(timeSource, forKey: .timeSource)
            try c.encode(takenFrom, forKey: .takenFrom); try c.encode(zodiac, forKey: .zodiac)
            try c.encode(zodiacSymbol, forKey: .zodiacSymbol); try c.encode(camera, forKey: .camera)
            try c.encode(make, forKey: .make); try c.encode(model, forKey: .model); try c.encode(lens, forKey: .lens)
            try c.encode(iso, forKey: .iso); try c.encode(fNumber, forKey: .fNumber)
            try c.encode(exposureTime, forKey: .exposureTime); try c.encode(focalLength, forKey: .focalLength)
            try c.encode(orientation, forKey: .orientation); try c.encode(artist, forKey: .artist)
            try c.encode(copyright, forKey: .copyright); try c.encode(notes, forKey: .notes)
        }

        init(photo: PhotoRecord, metadata m: PhotoMetadata?, outputs: [String]) {
            file = photo.originalName
            album = photo.album
            sha256 = photo.sha256
            status = photo.status.rawValue
            original = photo.dispositionPath
            self.outputs = outputs
            latitude = m?.gps?.point.latitude
            longitude = m?.gps?.point.longitude
            altitude = m?.gps?.altitude
            place = m?.place?.name
            region = m?.place?.region
            country = m?.place?.country
            countryCode = m?.place?.countryCode
            placeSource = m?.place?.source.rawValue
            placeDistanceKm = m?.place?.distance.map { ($0 * 100).rounded() / 100 }
            takenLocal = m?.capture?.local.text
            takenUTC = m?.capture?.utc.map { Timestamp.string($0) }
            utcOffset = m?.capture?.offsetText
            timeZone = m?.capture?.timeZone
            timeSource = m?.capture?.source.rawValue
            takenFrom = m?.capture?.origin.rawValue
            zodiac = m?.captureZodiac?.name
            zodiacSymbol = m?.captureZodiac?.symbol
            camera = m?.camera.name
            make = m?.camera.make
            model = m?.camera.model
            lens = m?.camera.lens
            iso = m?.exposure.iso
            fNumber = m?.exposure.fNumber
            exposureTime = m?.exposure.exposureTime
            focalLength = m?.exposure.focalLength
            orientation = m?.orientation
            artist = m?.artist
            copyright = m?.copyright
            notes = m?.notes.map(\.description) ?? []
        }
    }

    /// Pretty, sorted keys, `/` unescaped.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

extension Catalog {
    /// Every photo of the catalog (or of `album`), duplicates left out, in the order first seen.
    public func export(album: String? = nil) throws -> CatalogExport {
        try read { db in
            var filter = "WHERE p.status != 'duplicate'"
            var arguments: StatementArguments = []
            if let album { filter += " AND p.album = ?"; arguments = [album] }
            let photos = try PhotoRecord.fetchAll(db, sql: "SELECT p.* FROM photo p \(filter) ORDER BY p.album, p.id",
                                                  arguments: arguments)
            var metadata: [Int64: PhotoMetadata] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT m.* FROM photo_metadata m JOIN photo p ON p.id = m.photo_id \(filter)
                """, arguments: arguments) {
                let record = try MetadataRecord(row: row)
                metadata[record.photoID] = record.metadata
            }
            var outputs: [Int64: [String]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT o.photo_id, o.path FROM output o JOIN photo p ON p.id = o.photo_id \(filter) ORDER BY o.path
                """, arguments: arguments) {
                outputs[row["photo_id"], default: []].append(row["path"])
            }
            let entries = photos.map { CatalogExport.Entry(photo: $0, metadata: metadata[$0.id], outputs: outputs[$0.id] ?? []) }
            let sources = Set(entries.compactMap(\.placeSource))
            var attribution: [String] = []
            if sources.contains(PlaceSource.gazetteer.rawValue) { attribution.append(Place.geoNamesAttribution) }
            if sources.contains(PlaceSource.nominatim.rawValue) { attribution.append(Place.nominatimAttribution) }
            return CatalogExport(generated: Timestamp.string(), album: album, attribution: attribution, photos: entries)
        }
    }
}
