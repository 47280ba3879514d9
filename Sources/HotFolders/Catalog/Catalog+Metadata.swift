import Foundation
import GRDB

/// What the metadata rule records and reads back: each photo's metadata, the places set by
/// hand, and Nominatim's cached answers.
extension Catalog {
    /// Stores (or replaces) what the metadata rule found for a photo.
    public func recordMetadata(photoID: Int64, _ metadata: PhotoMetadata) throws {
        try write { db, _ in try MetadataRecord(photoID: photoID, metadata: metadata).insert(db) }
    }

    /// What the metadata rule found for a photo, if it has run.
    public func metadata(photoID: Int64) throws -> PhotoMetadata? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM photo_metadata WHERE photo_id = ?", arguments: [photoID])
                .map { try MetadataRecord(row: $0).metadata }
        }
    }

    /// Every photo row with this content, in any album (duplicates included), oldest first.
    public func photos(sha256: String) throws -> [PhotoRecord] {
        try read { db in
            try PhotoRecord.filter(PhotoRecord.Columns.sha256 == sha256).order(PhotoRecord.Columns.id).fetchAll(db)
        }
    }

    // MARK: Places set by hand

    public func placeOverride(sha256: String) throws -> PlaceOverride? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM place_override WHERE sha256 = ?", arguments: [sha256]).map(PlaceOverride.init)
        }
    }

    /// Records the place for every photo with this content, now and in every later run, and
    /// puts it at once into the metadata already recorded. Returns how many photos had some.
    @discardableResult
    public func setPlaceOverride(_ override: PlaceOverride) throws -> Int {
        try write { db, _ in
            try db.execute(sql: """
                INSERT OR REPLACE INTO place_override (sha256, place, region, country, country_code, set_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [override.sha256, override.place, override.region, override.country,
                                 override.countryCode, Timestamp.string(override.setAt)])
            try db.execute(sql: """
                UPDATE photo_metadata
                SET place = ?, region = ?, country = ?, country_code = ?, place_source = 'photo-override',
                    place_distance_km = NULL, place_latitude = NULL, place_longitude = NULL, place_attribution = NULL
                WHERE photo_id IN (SELECT id FROM photo WHERE sha256 = ?)
                """, arguments: [override.place, override.region, override.country, override.countryCode, override.sha256])
            return db.changesCount
        }
    }

    /// Forgets a place set by hand; the next time the photo is read its GPS names it again.
    /// Returns whether there was one.
    @discardableResult
    public func removePlaceOverride(sha256: String) throws -> Bool {
        try write { db, _ in
            try db.execute(sql: "DELETE FROM place_override WHERE sha256 = ?", arguments: [sha256])
            return db.changesCount > 0
        }
    }

    // MARK: Nominatim's answers

    func cachedGeocode(_ key: GeocodeAnswer.Key) throws -> GeocodeAnswer? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM geocode_cache WHERE endpoint = ? AND language = ? AND lat_key = ? AND lon_key = ?
                """, arguments: [key.endpoint, key.language, key.latitude, key.longitude])
                .map { try GeocodeAnswer(row: $0, key: key) }
        }
    }

    func storeGeocode(_ answer: GeocodeAnswer) throws {
        try write { db, _ in try answer.insert(db) }
    }
}
