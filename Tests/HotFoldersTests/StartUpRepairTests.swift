import Foundation
import Testing
@testable import HotFolders

/// What a kill -9 leaves besides photos to redo, mended at the next start: album manifests
/// written before the last photos were recorded, and outcomes committed whose event line never
/// made it to the log.
@Suite struct StartUpRepairTests {
    static func listed(_ ws: TestWorkspace, album: String) -> [String] {
        guard let manifest = try? ManifestTests.read(ws, album: album),
              let photos = manifest["photos"] as? [[String: Any]] else { return [] }
        return photos.compactMap { $0["name"] as? String }.sorted()
    }

    /// The manifest as a kill between the last photo's commit and its manifest write leaves it.
    static func makeStale(_ ws: TestWorkspace, album: String) throws {
        let url = ws.layout.outbox(album: album).appendingPathComponent("manifest.json")
        var manifest = try ManifestTests.read(ws, album: album)
        manifest["photos"] = (manifest["photos"] as? [Any])?.dropLast().map { $0 }
        try JSONSerialization.data(withJSONObject: manifest).write(to: url)
    }

    @Test func aManifestLeftBehindByAKillIsWrittenAgainByTheNextStartAndByProcess() async throws {
        let ws = TestWorkspace("stale-manifest", defaults: ManifestTests.settings())
        let names = ["a.jpg", "b.jpg", "c.jpg"]
        for (n, name) in names.enumerated() {
            try ws.drop(try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: 300, height: 200, seed: n),
                                                      to: ws.dir.path(name)), album: "Trip")
        }
        _ = try await ws.process()
        #expect(Self.listed(ws, album: "Trip") == names)

        try Self.makeStale(ws, album: "Trip")
        #expect(Self.listed(ws, album: "Trip").count == 2)
        let agent = try AgentProcess(ws, extra: "rules = [\"preprocess\", \"derivatives\"]\n")
        #expect(eventually(within: 120) { Self.listed(ws, album: "Trip") == names })
        #expect(agent.terminate() == 0)
        #expect(ws.events("manifest_repaired").count == 1)

        // `process` with nothing to process mends it too.
        try Self.makeStale(ws, album: "Trip")
        let run = try CommandLineTool.run(["process", "--config", agent.config.path], logs: ws.dir.path("process"))
        #expect(run.status == 0, "\(run.err)")
        #expect(Self.listed(ws, album: "Trip") == names)
    }

    @Test func anOutcomeCommittedWithoutItsEventIsLoggedAsRecoveredAtTheNextStart() async throws {
        let ws = TestWorkspace("owed-events")
        // A photo processed as usual has its line and is owed nothing.
        try ws.drop(try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: 300, height: 200), to: ws.dir.path("fine.jpg")),
                    album: "Trip")
        _ = try await ws.process()
        #expect(ws.events("processed").count == 1)

        // The crash window, through the library: outcomes committed, then the process is gone
        // before it writes their lines.
        let catalog = try ws.open().catalog
        let done = try catalog.admit(album: "Trip", originalName: "done.jpg", size: 1, sha256: String(repeating: "a", count: 64),
                                     duplicates: .skip).photoID
        try catalog.recordSuccess(photoID: done, outputs: [
            OutputRecord(variant: "web", path: "outbox/Trip/web/done.webp", bytes: 1, sha256: String(repeating: "0", count: 64),
                         width: 1, height: 1, format: "webp"),
        ])
        let broken = try catalog.admit(album: "Trip", originalName: "broken.jpg", size: 1, sha256: String(repeating: "b", count: 64),
                                       duplicates: .skip).photoID
        try catalog.recordFailure(photoID: broken, stage: "preprocess", reason: "the photo could not be decoded", detail: nil)

        let agent = try AgentProcess(ws)
        #expect(agent.waitFor("recovered", count: 2))
        #expect(agent.terminate() == 0)
        let recovered = ws.events("recovered")
        #expect(recovered.compactMap { $0["file"] as? String }.sorted() == ["broken.jpg", "done.jpg"])
        let byFile = Dictionary(uniqueKeysWithValues: recovered.map { ($0["file"] as? String ?? "", $0) })
        #expect(byFile["done.jpg"]?["outcome"] as? String == "processed")
        #expect(byFile["done.jpg"]?["outputs"] as? [String] == ["outbox/Trip/web/done.webp"])
        #expect(byFile["broken.jpg"]?["outcome"] as? String == "failed")
        #expect((byFile["broken.jpg"]?["reason"] as? String)?.contains("could not be decoded") == true)

        // Said once: the next start owes nothing.
        let again = try AgentProcess(ws)
        #expect(again.terminate() == 0)
        #expect(ws.events("recovered").count == 2)
    }
}
