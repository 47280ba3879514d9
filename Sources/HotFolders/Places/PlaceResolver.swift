import Foundation

/// Decides a photo's place, in this order: the place set for the photo by hand
/// (`hotfolders place`), the album's `place`, then its GPS position, through Nominatim when the
/// album asks for it (falling back to the offline gazetteer when Nominatim cannot answer) or the
/// offline gazetteer. Never throws: what went wrong is a note.
struct PlaceResolver: Sendable {
    var settings: MetadataSettings
    var catalog: Catalog?
    /// nil when the table could not be loaded (the reason is in `gazetteerProblem`).
    var gazetteer: Gazetteer?
    var gazetteerProblem: String?

    init(settings: MetadataSettings, catalog: Catalog?) {
        self.settings = settings
        self.catalog = catalog
        do {
            gazetteer = try Gazetteer.shared
        } catch {
            gazetteer = nil
            gazetteerProblem = error.description
        }
    }

    static let inFlight = LookupsInFlight<GeocodeAnswer.Key>()

    var finder: PlaceFinder? { gazetteer.map { PlaceFinder(gazetteer: $0, maxDistance: Double(settings.maxDistance)) } }

    func resolve(sha256: String?, gps: GPSFix?, notes: inout [MetadataNote]) async -> Place? {
        if let sha256, let catalog {
            do {
                if let override = try catalog.placeOverride(sha256: sha256) { return override.asPlace }
            } catch {
                notes.append(MetadataNote("place", "the place set by hand could not be read from the catalog (\(error))"))
            }
        }
        if let text = settings.place, let place = PlaceName.albumPlace(text, gazetteer: gazetteer) { return place }
        guard let gps else {
            notes.append(MetadataNote("place", "no usable GPS position, and no place set for the album or the photo"))
            return nil
        }
        let offline = offlinePlace(gps.point, notes: &notes)
        guard settings.geocoder == .nominatim else { return offline }
        return await nominatimPlace(gps.point, offline: offline, notes: &notes) ?? offline
    }

    func offlinePlace(_ point: GeoPoint, notes: inout [MetadataNote]) -> Place? {
        guard let finder else {
            notes.append(MetadataNote("place", gazetteerProblem ?? "the offline gazetteer is not available"))
            return nil
        }
        guard let match = finder.find(point) else {
            notes.append(MetadataNote("place", "no populated place within \(settings.maxDistance) km of the GPS position (max_distance_km)"))
            return nil
        }
        return Place(name: match.place.name, region: match.place.region, country: match.place.country,
                     countryCode: match.place.countryCode, source: .gazetteer, distance: match.distance,
                     point: match.place.point, candidates: match.candidates, attribution: Place.geoNamesAttribution)
    }

    /// Nominatim's place (cached, or asked now), with the offline candidates kept beside it.
    /// nil with a note when it cannot answer, so the caller uses the offline place.
    func nominatimPlace(_ point: GeoPoint, offline: Place?, notes: inout [MetadataNote]) async -> Place? {
        let key = GeocodeAnswer.Key(endpoint: settings.nominatimURL, language: settings.language, point: point)
        let fallback = offline == nil ? "" : "; the offline gazetteer named the place"
        var answer: GeocodeAnswer?
        do {
            answer = try catalog?.cachedGeocode(key)
        } catch {
            notes.append(MetadataNote("place", "Nominatim's cache could not be read (\(error))"))
        }
        if answer == nil, await !Self.inFlight.lead(key) {
            // Another photo at the same spot just asked: its answer is in the cache, if it got one.
            answer = try? catalog?.cachedGeocode(key)
            if answer == nil {
                notes.append(MetadataNote("place", "Nominatim gave no answer for this position a moment ago\(fallback)"))
                return nil
            }
        } else if answer == nil {
            defer { Self.inFlight.finish(key) }
            let spacing = RequestSpacing.nominatim
            guard !spacing.isResting(settings.nominatimURL) else {
                notes.append(MetadataNote("place", "Nominatim (\(settings.nominatimURL)) could not be reached a moment ago\(fallback)"))
                return nil
            }
            let client = Nominatim(baseURL: settings.nominatimURL, userAgent: settings.userAgent, email: settings.email,
                                   language: settings.language, spacing: spacing)
            do {
                let (result, body) = try await client.reverse(key.point)
                switch result {
                case .place(let place): answer = GeocodeAnswer(key: key, place: place, answer: body)
                case .nothing: answer = GeocodeAnswer(key: key, place: nil, answer: body)
                }
                if let answer { try? catalog?.storeGeocode(answer) }
            } catch {
                if error.isTransient { spacing.recordOutage(of: settings.nominatimURL) }
                notes.append(MetadataNote("place", "\(error.description)\(fallback)"))
                return nil
            }
        }
        guard let answer, var place = answer.place else {
            notes.append(MetadataNote("place", "Nominatim found no place at this position\(fallback)"))
            return nil
        }
        place.distance = place.point.map { point.distance(to: $0) }
        place.candidates = offline?.candidates ?? []
        return place
    }
}
