import Foundation
import GRDB

/// One row of `place_override`: a place a photographer set for one photo, by its content
/// (`hotfolders place FILE "Name, Region"`). The metadata rule takes it over any GPS lookup,
/// every time it reads the photo.
public struct PlaceOverride: Sendable, Equatable {
    public var sha256: String
    public var place: String
    public var region: String?
    public var country: String?
    public var countryCode: String?
    public var setAt: Date

    public init(sha256: String, place: String, region: String? = nil, country: String? = nil, countryCode: String? = nil,
                setAt: Date = Date()) {
        self.sha256 = sha256
        self.place = place
        self.region = region
        self.country = country
        self.countryCode = countryCode
        self.setAt = setAt
    }

    init(row: Row) throws {
        sha256 = row["sha256"]
        place = row["place"]
        region = row["region"]
        country = row["country"]
        countryCode = row["country_code"]
        setAt = try Timestamp.required(row, "set_at")
    }

    /// The place it names.
    var asPlace: Place {
        Place(name: place, region: region, country: country, countryCode: countryCode, source: .photoOverride)
    }
}

extension PlaceOverride {
    /// The override for a place as typed ("Montreal, Quebec"): the words kept, the country and
    /// its code added from the offline gazetteer when it knows the place. nil when the text
    /// holds no name (" , ").
    public static func typed(_ text: String, sha256: String, at date: Date = Date()) -> PlaceOverride? {
        guard let name = PlaceName(text) else { return nil }
        let place = name.place(source: .photoOverride, gazetteer: try? Gazetteer.shared)
        return PlaceOverride(sha256: sha256, place: place.name, region: place.region, country: place.country,
                             countryCode: place.countryCode, setAt: date)
    }
}
