import Foundation
import Testing
@testable import HotFolders

/// The optional online provider against a local stand-in that answers as Nominatim's
/// `/reverse?format=jsonv2` does: places by address (city, town, village, ...), the licence
/// line, and `{"error":"Unable to geocode"}` where there is nothing.
@Suite struct NominatimTests {
    static let licence = "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright"

    /// A Nominatim stand-in that logs every request (time, path, User-Agent) to `log`.
    static func server(log: URL) throws -> LocalHTTPServer {
        try LocalHTTPServer(script: """
            import http.server, json, time, urllib.parse
            LICENCE = \(String(reflecting: licence))
            def answer(lat, lon):
                if abs(lat - 41.853) < 0.01:
                    return {"place_id": 1, "licence": LICENCE, "osm_type": "relation", "osm_id": 41485,
                            "lat": "41.8933203", "lon": "12.4829321", "category": "boundary", "type": "administrative",
                            "place_rank": 16, "importance": 0.8, "addresstype": "city", "name": "Roma",
                            "display_name": "Roma, Roma Capitale, Lazio, Italia",
                            "address": {"suburb": "Municipio Roma VIII", "city": "Roma", "county": "Roma Capitale",
                                        "state": "Lazio", "ISO3166-2-lvl4": "IT-62", "country": "Italia", "country_code": "it"},
                            "boundingbox": ["41.6556417", "42.1410285", "12.2344669", "12.8557603"]}
                if abs(lat - 43.467) < 0.01:
                    return {"place_id": 2, "licence": LICENCE, "osm_type": "node", "osm_id": 7, "lat": "43.4633", "lon": "11.8796",
                            "category": "place", "type": "town", "place_rank": 18, "addresstype": "town", "name": "Arezzo",
                            "display_name": "Arezzo, Toscana, Italia",
                            "address": {"town": "Arezzo", "county": "Arezzo", "state": "Toscana", "country": "Italia", "country_code": "it"},
                            "boundingbox": ["43.4", "43.5", "11.8", "11.9"]}
                if abs(lat - 48.858) < 0.01:
                    return {"place_id": 3, "licence": LICENCE, "osm_type": "node", "osm_id": 8, "lat": "48.8589", "lon": "2.3200",
                            "category": "place", "type": "village", "addresstype": "village", "name": "Gros-Caillou",
                            "address": {"village": "Gros-Caillou", "state": "Île-de-France", "country": "France", "country_code": "fr"}}
                return {"error": "Unable to geocode"}
            class H(http.server.BaseHTTPRequestHandler):
                def log_message(self, *a): pass
                def do_GET(self):
                    with open(\(String(reflecting: log.path)), "a") as f:
                        f.write("%.6f\\t%s\\t%s\\n" % (time.time(), self.path, self.headers.get("User-Agent", "")))
                    url = urllib.parse.urlparse(self.path)
                    q = urllib.parse.parse_qs(url.query)
                    if url.path != "/reverse" or q.get("format") != ["jsonv2"]:
                        self.send_response(400); self.end_headers(); return
                    body = json.dumps(answer(float(q["lat"][0]), float(q["lon"][0]))).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
            """)
    }

    struct Request { var time: Double; var path: String; var userAgent: String }

    static func requests(_ log: URL) -> [Request] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Request(time: Double(parts[0]) ?? 0, path: parts[1], userAgent: parts.count > 2 ? parts[2] : "")
        }
    }

    static func workspace(_ label: String, url: String) -> TestWorkspace {
        var defaults = AlbumSettings()
        defaults.rules = [.metadata]
        defaults.after = .keep
        defaults.metadata.geocoder = .nominatim
        defaults.metadata.nominatimURL = url
        defaults.metadata.userAgent = "hotfolders-test/1.0 (tests@example.org)"
        defaults.metadata.email = "tests@example.org"
        return TestWorkspace(label, workers: 2, defaults: defaults)
    }

    static func places(_ ws: TestWorkspace, album: String) throws -> [String: PhotoMetadata] {
        let catalog = try ws.open().catalog
        var found: [String: PhotoMetadata] = [:]
        for photo in try catalog.photos(album: album) { found[photo.originalName] = try catalog.metadata(photoID: photo.id) }
        return found
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func placesComeFromNominatimOneRequestASecondAndAreCached() async throws {
        let dir = TemporaryDirectory("nominatim")
        let log = dir.path("requests.log")
        let server = try Self.server(log: log)
        defer { server.stop() }
        let ws = Self.workspace("nominatim", url: server.url)
        // Rome, Paris, Helsinki (nothing there, says the stand-in), and two Arezzo photos a few
        // metres apart: the same rounded position, asked once.
        let files = [("gps", "Apple_iPhone_4.jpg"), ("gps", "FujiFilm_FinePixS2Pro.jpg"), ("gps", "HMD_Nokia_8.3_5G.jpg"),
                     ("gps", "DSCN0010.jpg"), ("gps", "DSCN0012.jpg")]
        for (folder, file) in files { try ws.drop(Corpus.file(folder, file), album: "Trip") }
        let (summary, _) = try await ws.process()
        #expect(summary.processed == 5)

        let requests = Self.requests(log)
        #expect(requests.count == 4, "\(requests.map(\.path))")
        #expect(requests.allSatisfy { $0.userAgent == "hotfolders-test/1.0 (tests@example.org)" })
        #expect(requests.allSatisfy { $0.path.hasPrefix("/reverse?format=jsonv2&lat=") && $0.path.contains("&accept-language=en") })
        #expect(requests.contains { $0.path.contains("lat=41.853&lon=12.489") }, "positions are sent rounded to 3 decimals")
        #expect(requests.allSatisfy { $0.path.contains("email=tests@example.org") })
        // At most one request a second, though two photos were in flight at once. The times are
        // the server's, taken when its thread for each connection ran: on a busy machine one can
        // start late, hence 0.8 (without spacing the requests would come together).
        let times = requests.map(\.time).sorted()
        for (earlier, later) in zip(times, times.dropFirst()) { #expect(later - earlier >= 0.8, "\(later - earlier) s apart") }

        let found = try Self.places(ws, album: "Trip")
        let rome = try #require(found["Apple_iPhone_4.jpg"]?.place)
        #expect(rome.name == "Roma" && rome.region == "Lazio" && rome.country == "Italia" && rome.countryCode == "IT")
        #expect(rome.source == .nominatim && rome.attribution == Self.licence)
        #expect(rome.distance.map { $0 > 4 && $0 < 6 } == true, "from the photo to the answer's position")
        #expect(rome.candidates.first?.name == "Rome", "the offline candidates are kept beside the answer")
        #expect(found["DSCN0010.jpg"]?.place?.name == "Arezzo" && found["DSCN0012.jpg"]?.place?.name == "Arezzo")
        #expect(found["FujiFilm_FinePixS2Pro.jpg"]?.place?.name == "Gros-Caillou")
        // "Unable to geocode": the offline gazetteer names it, and the note says why.
        let helsinki = try #require(found["HMD_Nokia_8.3_5G.jpg"])
        #expect(helsinki.place?.name == "Helsinki" && helsinki.place?.source == .gazetteer)
        #expect(helsinki.note(about: "place")?.contains("Nominatim found no place at this position") == true)

        // The same positions again, in another album: every answer, "nothing" included, is cached.
        for (folder, file) in files { try ws.drop(Corpus.file(folder, file), album: "Again") }
        _ = try await ws.process()
        #expect(Self.requests(log).count == 4)
        let again = try Self.places(ws, album: "Again")
        #expect(again["Apple_iPhone_4.jpg"]?.place == found["Apple_iPhone_4.jpg"]?.place)
        #expect(again["HMD_Nokia_8.3_5G.jpg"]?.place?.source == .gazetteer)
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func anUnreachableServiceFallsBackToTheOfflineGazetteer() async throws {
        let ws = Self.workspace("offline", url: "http://127.0.0.1:\(LocalHTTPServer.freePort())")
        ws.configuration.workers = 1
        for file in ["Apple_iPhone_4.jpg", "iphone_hdr_NO.jpg"] { try ws.drop(Corpus.file("gps", file), album: "Trip") }
        let (summary, _) = try await ws.process()
        #expect(summary.processed == 2)
        let found = try Self.places(ws, album: "Trip")
        #expect(found["Apple_iPhone_4.jpg"]?.place?.name == "Rome" && found["iphone_hdr_NO.jpg"]?.place?.name == "Madrid")
        #expect(found.values.allSatisfy { $0.place?.source == .gazetteer })
        let notes = found.values.compactMap { $0.note(about: "place") }
        #expect(notes.contains { $0.hasPrefix("Nominatim could not be reached") }, "\(notes)")
        // The second photo does not knock on the same closed door: it was tried a moment ago.
        #expect(notes.contains { $0.contains("could not be reached a moment ago") }, "\(notes)")
        #expect(notes.allSatisfy { $0.hasSuffix("the offline gazetteer named the place") })
    }

    @Test func answersAreReadFromNominatimsJSONShape() throws {
        func parse(_ json: String) throws -> Nominatim.Answer { try Nominatim.parse(Array(json.utf8)) }
        #expect(try parse(#"{"error":"Unable to geocode"}"#) == .nothing("Unable to geocode"))
        let hamlet = try parse(#"{"licence":"L","lat":"1.5","lon":"2.5","address":{"hamlet":"Le Bourg","state":"Bretagne","country":"France","country_code":"fr"}}"#)
        #expect(hamlet == .place(Place(name: "Le Bourg", region: "Bretagne", country: "France", countryCode: "FR",
                                       source: .nominatim, point: GeoPoint(latitude: 1.5, longitude: 2.5), attribution: "L")))
        if case .place(let place) = try parse(#"{"address":{"municipality":"Gemeinde X","country_code":"de"}}"#) {
            #expect(place.name == "Gemeinde X" && place.attribution?.contains("OpenStreetMap") == true)
        } else {
            Issue.record("a municipality is a place")
        }
        #expect(try parse(#"{"address":{"road":"A1","country_code":"de"}}"#) == .nothing("no city, town or village in the answer"))
        #expect(throws: Nominatim.Failure.self) { try parse("<html>busy</html>") }

        let client = Nominatim(baseURL: "https://nominatim.example.org/", userAgent: "x", email: nil, language: "fr,en")
        #expect(client.url(for: GeoPoint(latitude: 45.5, longitude: -73.5))
            == "https://nominatim.example.org/reverse?format=jsonv2&lat=45.500&lon=-73.500&zoom=14&addressdetails=1&accept-language=fr,en")
        let seed = Nominatim(baseURL: "https://nominatim.openstreetmap.org/reverse", userAgent: "x", email: nil, language: "")
        #expect(seed.url(for: GeoPoint(latitude: 1, longitude: 2)).hasPrefix("https://nominatim.openstreetmap.org/reverse?format=jsonv2&"))
    }

    @Test func requestSpacingHoldsAcrossConcurrentCallers() async {
        let spacing = RequestSpacing(interval: .milliseconds(200))
        let start = ContinuousClock.now
        let times = await withTaskGroup(of: Duration.self) { group in
            for _ in 0..<5 { group.addTask { (await spacing.waitForTurn() ?? start) - start } }
            var times: [Duration] = []
            for await time in group { times.append(time) }
            return times.sorted()
        }
        for (earlier, later) in zip(times, times.dropFirst()) { #expect(later - earlier >= .milliseconds(199)) }
        #expect(times.last! >= .milliseconds(800))
    }
}
