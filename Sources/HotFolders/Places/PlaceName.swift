import Foundation
import Synchronization

/// A place as a photographer types it: "Montreal", "Montreal, Quebec", "Montreal, Quebec,
/// Canada", "Paris, France" or "Paris, FR". The words typed are kept as they are; the gazetteer
/// only fills in what was left out (the country, its code, the region), from the most populous
/// place of that name that matches the rest.
struct PlaceName: Sendable, Equatable {
    var name: String
    var region: String?
    var country: String?

    /// nil for a text with no name in it.
    init?(_ text: String) {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = parts.first else { return nil }
        name = first
        if parts.count == 2 { region = parts[1] }
        if parts.count >= 3 {
            region = parts[1]
            country = parts[2...].joined(separator: ", ")
        }
    }

    /// The place, with what the gazetteer knows added (nil gazetteer: only the words typed).
    func place(source: PlaceSource, gazetteer: Gazetteer?) -> Place {
        var place = Place(name: name, region: region, country: country, source: source)
        guard let gazetteer else { return place }
        let fold = Gazetteer.fold
        // A second part may be the region ("Montreal, Quebec") or the country ("Paris, France").
        let second = region.map(fold)
        let third = country.map(fold)
        func matches(_ candidate: GazetteerPlace, _ text: String?) -> Bool {
            guard let text else { return true }
            return [candidate.region, candidate.regionCode.map { "\(candidate.countryCode).\($0)" }, candidate.country,
                    candidate.countryCode].compactMap { $0.map(fold) }.contains(text)
        }
        let match = gazetteer.places(named: name).first { matches($0, second) && matches($0, third) }
        if let match {
            if country == nil, let second, [match.country, match.countryCode].map(fold).contains(second) {
                place.region = match.region
                place.country = region
            }
            place.country = place.country ?? match.country
            place.countryCode = match.countryCode
            place.region = place.region ?? match.region
            place.point = match.point
            if let typed = place.country, fold(typed) == fold(match.countryCode) { place.country = match.country }
        } else if let typed = country ?? region, let known = gazetteer.country(named: typed) {
            place.countryCode = known.code
        }
        return place
    }

    /// Resolved album places, by text: an album's `place` is looked up once, not per photo.
    private static let resolved = Mutex<[String: Place]>([:])

    static func albumPlace(_ text: String, gazetteer: Gazetteer?) -> Place? {
        if let known = resolved.withLock({ $0[text] }) { return known }
        guard let name = PlaceName(text) else { return nil }
        let place = name.place(source: .albumOverride, gazetteer: gazetteer)
        if gazetteer != nil { resolved.withLock { $0[text] = place } }
        return place
    }
}
