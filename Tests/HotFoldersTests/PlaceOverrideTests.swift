import Foundation
import Testing
@testable import HotFolders

/// Places set by hand: an album's `place` and `hotfolders place FILE "..."` win over GPS, and
/// no later run overwrites them.
@Suite struct PlaceOverrideTests {
    /// A workspace whose config file the `hotfolders` binary reads too.
    static func workspace(_ label: String, album: String = "") throws -> (TestWorkspace, URL) {
        let ws = TestWorkspace(label)
        ws.configuration.defaults.rules = [.metadata]
        ws.configuration.defaults.after = .keep
        ws.configuration.defaults.duplicates = .process
        let config = ws.dir.path("hotfolders.toml")
        try """
            root = "\(ws.root.path)"
            state = "\(ws.configuration.state.path)"
            workers = 1
            [defaults]
            rules = ["metadata"]
            after = "keep"
            duplicates = "process"
            \(album)
            """.write(to: config, atomically: false, encoding: .utf8)
        return (ws, config)
    }

    /// The place recorded for the album's photo of that content (a later arrival of the same
    /// content with `duplicates = "process"` reuses the row under its new name).
    static func place(_ ws: TestWorkspace, _ album: String, _ file: String) throws -> Place? {
        let catalog = try ws.open().catalog
        let photo = try #require(try catalog.photos(album: album).first { $0.status != .duplicate }, "\(album)/\(file)")
        #expect(photo.originalName == file)
        #expect(photo.status == .done)
        return try catalog.metadata(photoID: photo.id)?.place
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func theAlbumsPlaceWinsOverGPS() async throws {
        let (ws, _) = try Self.workspace("album-place")
        ws.configuration.albums = [AlbumOverride(pattern: "Montreal 2024") { $0.metadata.place = "Montreal, Quebec" }]
        try ws.drop(Corpus.file("gps", "Apple_iPhone_4.jpg"), album: "Montreal 2024")
        try ws.drop(Corpus.file("gps", "Apple_iPhone_4.jpg"), album: "Rome")
        _ = try await ws.process()

        let place = try #require(try Self.place(ws, "Montreal 2024", "Apple_iPhone_4.jpg"))
        #expect(place.name == "Montreal" && place.region == "Quebec", "the words typed are kept")
        #expect(place.country == "Canada" && place.countryCode == "CA", "the gazetteer adds what was left out")
        #expect(place.source == .albumOverride && place.distance == nil)
        #expect(try Self.place(ws, "Rome", "Apple_iPhone_4.jpg")?.name == "Rome")

        let gazetteer = try Gazetteer.shared
        func typed(_ text: String) -> Place? { PlaceName(text)?.place(source: .albumOverride, gazetteer: gazetteer) }
        #expect(typed("Paris, France")?.region == "Île-de-France" && typed("Paris, France")?.countryCode == "FR")
        #expect(typed("Paris, FR")?.country == "France")
        #expect(typed("Springfield, Illinois, United States")?.countryCode == "US")
        #expect(typed("Nowhere Special, Atlantis") == Place(name: "Nowhere Special", region: "Atlantis", source: .albumOverride))
        #expect(PlaceName(" , ") == nil)
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func aPlaceSetByHandWinsAndSurvivesLaterRuns() async throws {
        let (ws, config) = try Self.workspace("photo-place", album: """
            [album."Montreal 2024".metadata]
            place = "Montreal, Quebec"
            """)
        ws.configuration.albums = [AlbumOverride(pattern: "Montreal 2024") { $0.metadata.place = "Montreal, Quebec" }]
        let photo = try ws.drop(Corpus.file("gps", "Apple_iPhone_4.jpg"), album: "Trip")
        _ = try await ws.process()
        #expect(try Self.place(ws, "Trip", "Apple_iPhone_4.jpg")?.name == "Rome")

        // Set by hand: the catalog entry changes at once.
        let set = try CommandLineTool.run(["place", "--config", config.path, photo.path, "Ostia Antica, Lazio"],
                                          logs: ws.dir.path("place"))
        #expect(set.status == 0, "\(set.err)")
        #expect(set.out.contains("Place set: Ostia Antica, Lazio"), "\(set.out)")
        let now = try #require(try Self.place(ws, "Trip", "Apple_iPhone_4.jpg"))
        #expect(now.name == "Ostia Antica" && now.region == "Lazio" && now.source == .photoOverride)

        // A later run of the same photo, here and in an album with its own place: the hand wins.
        try FileManager.default.removeItem(at: photo)
        try ws.drop(Corpus.file("gps", "Apple_iPhone_4.jpg"), album: "Trip", as: "again.jpg")
        try ws.drop(Corpus.file("gps", "Apple_iPhone_4.jpg"), album: "Montreal 2024")
        _ = try await ws.process()
        #expect(try Self.place(ws, "Trip", "again.jpg")?.name == "Ostia Antica")
        #expect(try Self.place(ws, "Montreal 2024", "Apple_iPhone_4.jpg")?.name == "Ostia Antica")
        #expect(try Self.place(ws, "Montreal 2024", "Apple_iPhone_4.jpg")?.source == .photoOverride)

        let shown = try CommandLineTool.run(["place", "--config", config.path, Corpus.file("gps", "Apple_iPhone_4.jpg").path],
                                            logs: ws.dir.path("show-place"))
        #expect(shown.out.hasPrefix("Ostia Antica, Lazio"), "\(shown.out)")

        // Cleared: the next run names it from its GPS again.
        let cleared = try CommandLineTool.run(["place", "--config", config.path, "--clear", Corpus.file("gps", "Apple_iPhone_4.jpg").path],
                                              logs: ws.dir.path("clear"))
        #expect(cleared.status == 0 && cleared.out.hasPrefix("Forgot the place set by hand"), "\(cleared.out)")
        // Originals are kept in the inbox here: only the new arrival may be in it, or the order
        // the two are taken in would decide the row's name.
        try FileManager.default.removeItem(at: ws.layout.inbox(album: "Trip").appendingPathComponent("again.jpg"))
        try ws.drop(Corpus.file("gps", "Apple_iPhone_4.jpg"), album: "Trip", as: "third.jpg")
        _ = try await ws.process()
        #expect(try Self.place(ws, "Trip", "third.jpg")?.name == "Rome")

        let refused = try CommandLineTool.run(["place", "--config", config.path, ws.dir.path("nothing.jpg").path, "X"],
                                              logs: ws.dir.path("missing"))
        #expect(refused.status != 0 && refused.err.contains("nothing.jpg"))
    }
}
