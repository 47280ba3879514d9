import Foundation
import Glibc
import Testing
@testable import HotFolders

/// Where originals go once their fate is known: the same bytes already in originals/ or failed/
/// are recognised instead of copied twice (the catalog lost, the photo dropped again), and the
/// event log says what really happened to an original.
@Suite struct PutAwayTests {
    func photo(_ ws: TestWorkspace, seed: Int, name: String = "IMG_0001.jpg") throws -> URL {
        try GeneratedImages.writeJPEG(try GeneratedImages.photoLike(width: 320, height: 240, seed: seed),
                                      to: ws.dir.path("seed-\(seed)-\(name)"))
    }

    /// The catalog is lost (the state folder deleted), as a user would after a damaged disk.
    func loseTheCatalog(_ ws: TestWorkspace) throws {
        try FileManager.default.removeItem(at: ws.configuration.state)
    }

    @Test func theSameOriginalDroppedAgainAfterTheCatalogIsLostIsNotCopiedTwice() async throws {
        let ws = TestWorkspace("put-away-same")
        let first = try photo(ws, seed: 1)
        try ws.drop(first, album: "Trip", as: "IMG_0001.jpg")
        try await ws.process()
        try loseTheCatalog(ws)

        try ws.drop(first, album: "Trip", as: "IMG_0001.jpg")
        let (summary, outcomes) = try await ws.process()

        #expect(summary.processed == 1)
        #expect(ws.files(in: ws.layout.originals(album: "Trip")) == ["IMG_0001.jpg"], "no IMG_0001_1.jpg beside the same bytes")
        #expect(ws.files(in: ws.layout.inbox(album: "Trip")).isEmpty, "the inbox copy is simply removed")
        #expect(try sha256(of: ws.layout.originals(album: "Trip").appendingPathComponent("IMG_0001.jpg")) == sha256(of: first))
        if case .processed(_, let original)? = outcomes.first?.1 { #expect(original == "originals/Trip/IMG_0001.jpg") }
        let workspace = try ws.open()
        #expect(try workspace.catalog.photos(album: "Trip").map(\.dispositionPath) == ["originals/Trip/IMG_0001.jpg"])
    }

    @Test func aDifferentPhotoOfTheSameNameStillGetsANumber() async throws {
        let ws = TestWorkspace("put-away-other")
        try ws.drop(try photo(ws, seed: 1), album: "Trip", as: "IMG_0001.jpg")
        try await ws.process()
        try loseTheCatalog(ws)

        let other = try photo(ws, seed: 2)
        try ws.drop(other, album: "Trip", as: "IMG_0001.jpg")
        try await ws.process()

        #expect(ws.files(in: ws.layout.originals(album: "Trip")) == ["IMG_0001.jpg", "IMG_0001_1.jpg"])
        #expect(try sha256(of: ws.layout.originals(album: "Trip").appendingPathComponent("IMG_0001_1.jpg")) == sha256(of: other))
    }

    @Test func aBrokenPhotoDroppedAgainAfterTheCatalogIsLostHasOneCopyAndOneReportInFailed() async throws {
        let ws = TestWorkspace("put-away-failed")
        let whole = try Data(contentsOf: try photo(ws, seed: 3))
        let broken = ws.dir.path("broken.jpg")
        try whole.prefix(whole.count / 2).write(to: broken)
        try ws.drop(broken, album: "Trip")
        try await ws.process()
        try loseTheCatalog(ws)

        try ws.drop(broken, album: "Trip")
        let (summary, _) = try await ws.process()

        #expect(summary.failed == 1)
        #expect(ws.files(in: ws.layout.failed(album: "Trip")) == ["broken.jpg", "broken.jpg.error.json"])
        #expect(ws.files(in: ws.layout.inbox(album: "Trip")).isEmpty)
    }

    /// originals/<Album> is a symlink: nothing is written through it, the outputs are safe, and
    /// no event claims the original was put away until it really is.
    @Test func recoveredIsSaidOnlyOnceTheOriginalIsReallyPutAway() async throws {
        let ws = TestWorkspace("put-away-recovered")
        try ws.drop(try photo(ws, seed: 4), album: "Trip", as: "IMG_0001.jpg")
        let elsewhere = ws.dir.folder("elsewhere")
        try FileManager.default.createDirectory(at: ws.layout.originals, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: ws.layout.originals(album: "Trip"), withDestinationURL: elsewhere)

        try await ws.process()
        try await ws.process()

        #expect(ws.files(in: elsewhere).isEmpty)
        #expect(ws.files(in: ws.layout.inbox(album: "Trip")) == ["IMG_0001.jpg"])
        #expect(ws.events("recovered").isEmpty, "\(ws.events("recovered"))")
        let warnings = ws.events("warning").compactMap { $0["reason"] as? String }
        #expect(warnings.count == 2, "one per run: \(warnings)")
        #expect(warnings.last?.contains("written by an earlier run and are safe") == true)
        #expect(warnings.last?.contains("could not be put away; it stays in the inbox") == true)

        try FileManager.default.removeItem(at: ws.layout.originals(album: "Trip"))
        try await ws.process()

        let recovered = ws.events("recovered")
        #expect(recovered.count == 1)
        #expect(recovered.first?["reason"] as? String == "outputs were already written by an earlier run; the original is now put away")
        #expect(recovered.first?["original"] as? String == "originals/Trip/IMG_0001.jpg")
        #expect(ws.files(in: ws.layout.originals(album: "Trip")) == ["IMG_0001.jpg"])
    }
}
