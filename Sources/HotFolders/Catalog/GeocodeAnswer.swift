import Foundation
import GRDB

/// One row of `geocode_cache`: what Nominatim answered for a position rounded to 3 decimals
/// (about 100 m), a place or "nothing here", kept so the same spot is asked once.
struct GeocodeAnswer: Sendable, Equatable {
    /// Where the answer came from and in which language, and the rounded position.
    struct Key: Sendable, Hashable {
        var endpoint: String
        var language: String
        var latitude: Int   // degrees * 1000
        var longitude: Int

        init(endpoint: String, language: String, point: GeoPoint) {
            self.endpoint = endpoint
            self.language = language
            latitude = Int((point.latitude * 1000).rounded())
            longitude = Int((point.longitude * 1000).rounded())
        }

        /// The rounded position itself, which is also what is sent.
        var point: GeoPoint { GeoPoint(latitude: Double(latitude) / 1000, longitude: Double(longitude) / 1000) }
    }

    var key: Key
    /// nil: Nominatim found nothing there.
    var place: Place?
    var answer: String
    var fetched: Date

    func insert(_ db: Database) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO geocode_cache
                (endpoint, language, lat_key, lon_key, found, place, region, country, country_code,
                 latitude, longitude, attribution, answer, fetched)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [key.endpoint, key.language, key.latitude, key.longitude, place == nil ? 0 : 1,
                             place?.name, place?.region, place?.country, place?.countryCode,
                             place?.point?.latitude, place?.point?.longitude, place?.attribution,
                             answer, Timestamp.string(fetched)])
    }

    init(key: Key, place: Place?, answer: String, fetched: Date = Date()) {
        self.key = key
        self.place = place
        self.answer = answer
        self.fetched = fetched
    }

    init(row: Row, key: Key) throws {
        self.key = key
        answer = row["answer"]
        fetched = try Timestamp.required(row, "fetched")
        if row["found"] as Int == 1, let name: String = row["place"] {
            var point: GeoPoint?
            if let latitude: Double = row["latitude"], let longitude: Double = row["longitude"] {
                point = GeoPoint(latitude: latitude, longitude: longitude)
            }
            place = Place(name: name, region: row["region"], country: row["country"], countryCode: row["country_code"],
                          source: .nominatim, point: point, attribution: row["attribution"])
        } else {
            place = nil
        }
    }
}
