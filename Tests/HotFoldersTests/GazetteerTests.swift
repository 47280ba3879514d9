import Foundation
import Testing
@testable import HotFolders

/// The offline gazetteer: the committed table, its spatial index, and how a place is chosen.
@Suite struct GazetteerTests {
    @Test func theCommittedTableHoldsCities1000WithRegionsAndZones() throws {
        let gazetteer = try Gazetteer.shared
        #expect(gazetteer.count > 150_000, "GeoNames cities1000 has about 170 000 places")
        #expect(gazetteer.source.contains("CC BY 4.0"))
        let table = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/HotFolders/Resources/gazetteer.bin")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: table.path)[.size] as? Int)
        #expect(size < 5_000_000, "every committed file stays under 5 MB")
        let clock = ContinuousClock()
        var loaded: Gazetteer?
        let elapsed = try clock.measure { loaded = try Gazetteer.load(from: table) }
        print("gazetteer: \(size) bytes, \(loaded?.count ?? 0) places, loaded in \(elapsed)")
        #expect(loaded?.count == gazetteer.count)

        let montreal = try #require(gazetteer.places(named: "montreal").first)
        #expect(montreal.name == "Montréal" && montreal.region == "Quebec" && montreal.country == "Canada")
        #expect(montreal.countryCode == "CA" && montreal.timeZone == "America/Toronto")
        #expect(montreal.population > 1_000_000)
        #expect(gazetteer.country(named: "france")?.code == "FR" && gazetteer.country(named: "it")?.name == "Italy")
    }

    @Test func searchesFindTheNearestPlacesAndOnlyThose() throws {
        let gazetteer = try Gazetteer.shared
        let eiffelTower = GeoPoint(latitude: 48.85826, longitude: 2.29450)
        let hits = gazetteer.places(near: eiffelTower, within: 5)
        #expect(!hits.isEmpty && hits.allSatisfy { $0.distance <= 5 })
        #expect(hits == hits.sorted { $0.distance < $1.distance })
        // Every place within 5 km is found: compare with a scan of the whole table.
        let all = (0..<gazetteer.count).filter { eiffelTower.distance(to: gazetteer.point($0)) <= 5 }
        #expect(Set(hits.map(\.index)) == Set(all))
        #expect(gazetteer.nearest(to: GeoPoint(latitude: 0, longitude: -140), within: 300) == nil, "the open Pacific")

        // Across the antimeridian: Savusavu, Fiji (179.34° E) is about 80 km from 179.9° W.
        let across = gazetteer.places(near: GeoPoint(latitude: -16.78, longitude: -179.9), within: 100)
        #expect(across.map { gazetteer.place($0.index).name }.contains("Savusavu"))
        #expect(gazetteer.nearest(to: GeoPoint(latitude: -16.78, longitude: -179.9), within: 100).map { gazetteer.place($0.index).countryCode } == "FJ")
        // At the poles: no crash.
        _ = gazetteer.places(near: GeoPoint(latitude: 90, longitude: 0), within: 500)
        _ = gazetteer.places(near: GeoPoint(latitude: -90, longitude: 180), within: 500)
    }

    @Test func largerPlacesWinOverTheirOwnNeighbourhoods() throws {
        let finder = PlaceFinder(gazetteer: try Gazetteer.shared, maxDistance: 50)
        func place(_ latitude: Double, _ longitude: Double) throws -> PlaceMatch {
            try #require(finder.find(GeoPoint(latitude: latitude, longitude: longitude)))
        }
        // Testaccio, Rome: the nearest centre is the rione, the place is Rome.
        let rome = try place(41.8766, 12.4757)
        #expect(rome.place.name == "Rome" && rome.nearest.name != "Rome")
        #expect(rome.candidates.first?.name == "Rome" && rome.candidates.contains { $0.name == rome.nearest.name })
        #expect(abs(rome.distance - rome.candidates[0].distance) < 1e-9)
        // By the Eiffel Tower: "Paris 16 Passy" and "Paris 07" are nearer than Paris's centre.
        #expect(try place(48.85826, 2.29450).place.name == "Paris")
        // A town near a city keeps its own name when the city's reach does not cover it.
        #expect(try place(48.80455, 2.13516).place.name == "Versailles")
        #expect(try place(45.5236, -122.6750).place.name == "Portland")
        // Never across a border to a bigger place: Kehl, Germany, faces Strasbourg over the Rhine.
        let kehl = try place(48.5727, 7.8150)
        #expect(kehl.place.countryCode == "DE", "\(kehl.place.name)")
        #expect(finder.find(GeoPoint(latitude: 0, longitude: -140)) == nil)
        #expect(PlaceFinder.reach(population: 10_000) == 1 && PlaceFinder.reach(population: 1_000_000) == 10)
        #expect(PlaceFinder.reach(population: 30_000_000) == 25)
    }

    /// Random points between Portugal and Finland mostly find a place (those at sea do not).
    /// How fast is the benchmark's business, not a test's: it is only printed.
    @Test func pointsAcrossEuropeMostlyFindAPlace() throws {
        let finder = PlaceFinder(gazetteer: try Gazetteer.shared, maxDistance: 50)
        var generator = SystemRandomNumberGenerator()
        let points = (0..<3000).map { _ in
            GeoPoint(latitude: Double.random(in: 35...60, using: &generator), longitude: Double.random(in: -10...30, using: &generator))
        }
        let clock = ContinuousClock()
        var found = 0
        let elapsed = clock.measure {
            for point in points where finder.find(point) != nil { found += 1 }
        }
        let perSecond = Double(points.count) / (Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
        print("gazetteer: \(points.count) lookups in Europe in \(elapsed), \(Int(perSecond)) per second")
        #expect(found > points.count / 2)
    }
}
