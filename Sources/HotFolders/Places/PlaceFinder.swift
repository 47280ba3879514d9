/// Names the place of a GPS position from the offline gazetteer.
///
/// The nearest centre alone is often a neighbourhood (Testaccio for a photo in Rome, "Paris 16
/// Passy" by the Eiffel Tower), because GeoNames lists city sections as places of their own.
/// So every place is given a reach that grows with its population, √(population / 10 000) km
/// (1 km for 10 000 people, 10 km for a million, at most 25 km): among the places whose reach
/// covers the photo, in the nearest place's country, the most populous wins; when none covers
/// it, the nearest place is the answer. Places further than `maxDistance` are never named.
struct PlaceFinder: Sendable {
    let gazetteer: Gazetteer
    /// km; beyond it a photo has no place (open sea, wilderness).
    var maxDistance: Double

    /// The widest reach any place has, km.
    static let widestReach = 25.0
    /// How far a time zone is taken from the nearest place, km: zones are wide, so a photo
    /// too far from any town to be named still gets its zone (a lake, the sea off a coast).
    static let zoneDistance = 300.0
    static let candidateCount = 5

    static func reach(population: Int) -> Double {
        min(widestReach, (Double(max(0, population)) / 10_000).squareRoot())
    }

    /// The chosen place, its distance, and the other places that were weighed.
    func find(_ point: GeoPoint) -> PlaceMatch? {
        var hits = gazetteer.places(near: point, within: max(Self.widestReach, 1))
        if hits.isEmpty, maxDistance > Self.widestReach, let nearest = gazetteer.nearest(to: point, within: maxDistance) {
            hits = [nearest]
        }
        guard let nearest = hits.first, nearest.distance <= maxDistance else { return nil }
        let nearestCountry = gazetteer.place(nearest.index).countryCode

        var chosen = nearest
        var chosenPopulation = Int(gazetteer.populations[nearest.index])
        for hit in hits.dropFirst() where hit.distance <= maxDistance {
            let population = Int(gazetteer.populations[hit.index])
            guard population > chosenPopulation, hit.distance <= Self.reach(population: population),
                  gazetteer.place(hit.index).countryCode == nearestCountry else { continue }
            chosen = hit
            chosenPopulation = population
        }

        let others = hits.filter { $0.index != chosen.index && $0.distance <= maxDistance }
        let candidates = ([chosen] + others).prefix(Self.candidateCount).map { hit in
            PlaceCandidate(gazetteer.place(hit.index), distance: hit.distance)
        }
        return PlaceMatch(place: gazetteer.place(chosen.index), distance: chosen.distance,
                          nearest: gazetteer.place(nearest.index), nearestDistance: nearest.distance,
                          candidates: Array(candidates))
    }

    /// The IANA zone of the nearest place (within `zoneDistance`), with that place's name.
    func timeZone(at point: GeoPoint) -> (zone: String, near: String, distance: Double)? {
        guard let hit = gazetteer.nearest(to: point, within: Self.zoneDistance) else { return nil }
        let place = gazetteer.place(hit.index)
        return (place.timeZone, place.name, hit.distance)
    }
}

/// What `PlaceFinder` found for a position.
struct PlaceMatch: Sendable {
    var place: GazetteerPlace
    /// km from the photo to the chosen place's centre.
    var distance: Double
    var nearest: GazetteerPlace
    var nearestDistance: Double
    /// The chosen place first, then the others weighed, nearest first.
    var candidates: [PlaceCandidate]
}
