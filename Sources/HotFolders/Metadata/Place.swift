/// Where a photo was taken, in words: the place, its region and country, where the name came
/// from, and how sure it is (the distance from the photo to the place's centre, and the other
/// places that were weighed).
public struct Place: Sendable, Equatable {
    public var name: String
    /// The first-level division ("Quebec", "Lazio").
    public var region: String?
    public var country: String?
    /// ISO 3166-1 alpha-2, upper case.
    public var countryCode: String?
    public var source: PlaceSource
    /// km from the photo to the place's centre: the confidence (nil for an override).
    public var distance: Double?
    /// The place's centre, when known.
    public var point: GeoPoint?
    /// The chosen place first, then the others weighed (offline gazetteer only).
    public var candidates: [PlaceCandidate]
    /// Whose data named it ("GeoNames (CC BY 4.0)", Nominatim's licence line).
    public var attribution: String?

    public init(name: String, region: String? = nil, country: String? = nil, countryCode: String? = nil,
                source: PlaceSource, distance: Double? = nil, point: GeoPoint? = nil,
                candidates: [PlaceCandidate] = [], attribution: String? = nil) {
        self.name = name
        self.region = region
        self.country = country
        self.countryCode = countryCode
        self.source = source
        self.distance = distance
        self.point = point
        self.candidates = candidates
        self.attribution = attribution
    }

    /// "Montreal, Quebec, Canada": the parts that are known, each once.
    public var label: String {
        var parts: [String] = [name]
        for part in [region, country].compactMap({ $0 }) where !part.isEmpty && !parts.contains(part) { parts.append(part) }
        return parts.joined(separator: ", ")
    }
}

/// Where a place's name came from.
public enum PlaceSource: String, Sendable, Equatable, CaseIterable, Codable {
    /// `hotfolders place FILE "..."`: set for this photo; no run overwrites it.
    case photoOverride = "photo-override"
    /// `place = "..."` in the album's `[metadata]` settings.
    case albumOverride = "album-override"
    /// The offline GeoNames table.
    case gazetteer
    /// OpenStreetMap's Nominatim (or a cached answer of it).
    case nominatim
}

/// A place weighed for a photo's position.
public struct PlaceCandidate: Sendable, Equatable, Codable {
    public var name: String
    public var region: String?
    public var countryCode: String
    public var population: Int
    /// km from the photo.
    public var distance: Double

    init(_ place: GazetteerPlace, distance: Double) {
        name = place.name
        region = place.region
        countryCode = place.countryCode
        population = place.population
        self.distance = distance
    }

    enum CodingKeys: String, CodingKey {
        case name, region, countryCode = "country_code", population, distance = "distance_km"
    }
}

extension Place {
    /// GeoNames asks for credit (CC BY 4.0).
    static let geoNamesAttribution = "GeoNames (geonames.org), CC BY 4.0"
    /// Nominatim's own licence line, used when an answer lacks one.
    static let nominatimAttribution = "Data © OpenStreetMap contributors, ODbL 1.0. https://osm.org/copyright"
}
