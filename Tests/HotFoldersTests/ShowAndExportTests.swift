import Foundation
import Testing
@testable import HotFolders

/// `hotfolders show FILE` and `hotfolders catalog export`, run as the real binary.
@Suite struct ShowAndExportTests {
    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func showPrintsPlaceCandidatesTimeAndItsSource() async throws {
        let (ws, config) = try PlaceOverrideTests.workspace("show")
        ws.configuration.defaults.rules = [.metadata, .preprocess]
        try ws.drop(Corpus.file("gps", "FujiFilm_FinePixS2Pro.jpg"), album: "Paris")
        _ = try await ws.process()
        let output = try #require(try ws.open().catalog.outputs(photoID: 1).first)

        // By the original's path, and by its output in the outbox.
        for file in [Corpus.file("gps", "FujiFilm_FinePixS2Pro.jpg").path, ws.root.appendingPathComponent(output.path).path] {
            let shown = try CommandLineTool.run(["show", "--config", config.path, file], logs: ws.dir.path("show"))
            #expect(shown.status == 0, "\(shown.err)")
            let text = shown.out
            #expect(text.hasPrefix("Paris/FujiFilm_FinePixS2Pro.jpg  (done"), "\(text)")
            #expect(text.contains("place         Paris, Île-de-France, France (gazetteer, 3.8 km from its centre)"), "\(text)")
            #expect(text.contains("Paris 16 Passy, Île-de-France, FR  population"))
            #expect(text.contains("taken (local) 2002-08-24T13:59:08 Europe/Paris"))
            #expect(text.contains("taken (UTC)   2002-08-24T11:59:08.000Z"))
            #expect(text.contains("time source   gps-zone +02:00, from DateTimeOriginal"))
            #expect(text.contains("zodiac        Virgo ♍"))
            #expect(text.contains("camera        FUJIFILM FinePixS2Pro"))
            #expect(text.contains("credit        GeoNames"))
        }

        // A photo the catalog does not know is read now, nothing recorded.
        let fresh = try CommandLineTool.run(["show", "--config", config.path, Corpus.file("odd", "Issue_308.jpg").path],
                                            logs: ws.dir.path("fresh"))
        #expect(fresh.status == 0, "\(fresh.err)")
        #expect(fresh.out.contains("not read by the metadata rule yet"))
        #expect(fresh.out.contains("note          gps: the GPS position is 0,0, a placeholder written without a fix"))
        #expect(try ws.open().catalog.photos().count == 1)
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func showGivesTheNameAndMarkBeforeAndAfterAPhotoIsProcessed() async throws {
        let (ws, config) = try PlaceOverrideTests.workspace("show-naming", album: """
            [album."Tuscany"]
            rules = ["metadata", "preprocess", "rename", "watermark"]
            [album."Tuscany".watermark]
            owner = "Ann <Lee>"
            """)
        ws.configuration.albums = try Configuration.load(from: config).albums
        let photo = Corpus.file("gps", "DSCN0010.jpg")

        // Before: what the templates would give, read with the album's settings.
        let before = try CommandLineTool.run(["show", "--config", config.path, "--album", "Tuscany", photo.path],
                                             logs: ws.dir.path("before"))
        #expect(before.status == 0, "\(before.err)")
        #expect(before.out.contains("name          arezzo_tuscany_0010  (from the rename template"), "\(before.out)")
        #expect(before.out.contains("mark          \"Ann <Lee> © 2008 ♎ Arezzo\""), "\(before.out)")

        // After: the name its outputs carry, as the catalog keeps it.
        try ws.drop(photo, album: "Tuscany")
        let (summary, _) = try await ws.process()
        #expect(summary.processed == 1)
        #expect(ws.files(in: ws.layout.outbox(album: "Tuscany")) == ["web/arezzo_tuscany_0010.webp"])
        let after = try CommandLineTool.run(["show", "--config", config.path, photo.path], logs: ws.dir.path("after"))
        #expect(after.out.contains("name          arezzo_tuscany_0010  (its outputs' name"), "\(after.out)")

        // An album without those rules shows neither line.
        let plain = try CommandLineTool.run(["show", "--config", config.path, "--album", "Other", Corpus.file("gps", "DSCN0012.jpg").path],
                                            logs: ws.dir.path("plain"))
        #expect(!plain.out.contains("name          ") && !plain.out.contains("mark          "), "\(plain.out)")
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func exportWritesEveryPhotoWithTheFieldsTheSeedCatalogHas() async throws {
        let (ws, config) = try PlaceOverrideTests.workspace("export")
        for file in ["Apple_iPhone_4.jpg", "HMD_Nokia_8.3_5G.jpg"] { try ws.drop(Corpus.file("gps", file), album: "Trips") }
        try ws.drop(Corpus.file("cameras", "Canon_40D.jpg"), album: "Studio")
        try ws.drop(Corpus.file("odd", "Issue_609.jpg"), album: "Studio")
        _ = try await ws.process()

        let run = try CommandLineTool.run(["catalog", "export", "--config", config.path], logs: ws.dir.path("export"))
        #expect(run.status == 0, "\(run.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let photos = try #require(json["photos"] as? [[String: Any]])
        #expect(photos.count == 4)
        #expect((json["attribution"] as? [String])?.first?.contains("GeoNames") == true)
        let required = ["file", "album", "sha256", "latitude", "longitude", "place", "region", "country", "country_code",
                        "taken_local", "taken_utc", "time_source", "zodiac", "camera"]
        for photo in photos {
            for key in required { #expect(photo.keys.contains(key), "\(photo["file"] ?? "?") lacks \(key)") }
        }
        let rome = try #require(photos.first { $0["file"] as? String == "Apple_iPhone_4.jpg" })
        #expect(rome["album"] as? String == "Trips" && rome["place"] as? String == "Rome" && rome["country_code"] as? String == "IT")
        #expect(rome["region"] as? String == "Lazio" && rome["country"] as? String == "Italy")
        #expect(rome["taken_local"] as? String == "2011-01-13T14:33:39" && rome["taken_utc"] as? String == "2011-01-13T13:33:39.000Z")
        #expect(rome["time_source"] as? String == "gps-zone" && rome["zodiac"] as? String == "Capricorn")
        #expect(rome["camera"] as? String == "Apple iPhone 4" && (rome["latitude"] as? Double).map { abs($0 - 41.853) < 1e-6 } == true)
        #expect(rome["sha256"] as? String == (try sha256(of: Corpus.file("gps", "Apple_iPhone_4.jpg"))))
        let helsinki = try #require(photos.first { $0["file"] as? String == "HMD_Nokia_8.3_5G.jpg" })
        #expect(helsinki["time_source"] as? String == "offset" && helsinki["utc_offset"] as? String == "+03:00")
        let canon = try #require(photos.first { $0["file"] as? String == "Canon_40D.jpg" })
        #expect(canon["place"] is NSNull && canon["taken_utc"] is NSNull && canon["time_source"] as? String == "none")
        let blank = try #require(photos.first { $0["file"] as? String == "Issue_609.jpg" })
        #expect(blank["time_source"] as? String == "file" && blank["taken_from"] as? String == "file-mtime")
        #expect((blank["notes"] as? [String])?.contains { $0.contains("0000:00:00 00:00:00") } == true)

        let studio = try CommandLineTool.run(["catalog", "export", "--config", config.path, "--album", "Studio",
                                              "--output", ws.dir.path("studio.json").path], logs: ws.dir.path("studio"))
        #expect(studio.status == 0 && studio.out.isEmpty)
        let written = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: ws.dir.path("studio.json"))) as? [String: Any])
        #expect((written["photos"] as? [[String: Any]])?.compactMap { $0["album"] as? String } == ["Studio", "Studio"])
    }
}
