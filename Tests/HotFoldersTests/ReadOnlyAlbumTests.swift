import Foundation
import Glibc
import Testing
@testable import HotFolders

/// Albums the agent cannot delete from (a camera card, a share without delete rights, a
/// read-only mount, an immutable file): each original is copied once to originals/ (a broken
/// one to failed/ with one report), stays in the inbox, is said once per album, and no later
/// pass (`process` again, a reconcile, a restart) copies, reports or counts it again.
@Suite struct ReadOnlyAlbumTests {
    /// A good photo and a broken one (half a JPEG, written an hour ago so the agent does not
    /// wait for the rest of it) in a folder of their own.
    func makeCard(_ ws: TestWorkspace, at folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try GeneratedImages.writeJPEG(try GeneratedImages.photoLike(width: 320, height: 240, seed: 1),
                                      to: folder.appendingPathComponent("good.jpg"))
        let whole = ws.dir.path("whole.jpg")
        try GeneratedImages.writeJPEG(try GeneratedImages.photoLike(width: 320, height: 240, seed: 2), to: whole)
        let bytes = try Data(contentsOf: whole)
        let broken = folder.appendingPathComponent("broken.jpg")
        try bytes.prefix(bytes.count / 2).write(to: broken)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: broken.path)
    }

    /// The config `process` and the agent both read.
    @discardableResult
    func writeConfig(_ ws: TestWorkspace, top: String = "") throws -> URL {
        try ws.writeConfig(top + "\n[defaults]\nsettle = \"300ms\"\n")
    }

    func runProcess(_ ws: TestWorkspace, _ run: Int) throws {
        let result = try CommandLineTool.run(["process", "--config", ws.dir.path("hotfolders.toml").path],
                                             logs: ws.dir.path("process-\(run)"))
        #expect(result.status == 0 || result.status == 1, "process run \(run): \(result.out) \(result.err)")
    }

    /// One copy of each, one event of each, one warning for the album, nothing waiting.
    func expectCopiedOnce(_ ws: TestWorkspace, album: String) throws {
        #expect(ws.files(in: ws.layout.originals(album: album)) == ["good.jpg"])
        #expect(ws.files(in: ws.layout.failed(album: album)) == ["broken.jpg", "broken.jpg.error.json"])
        #expect(ws.files(in: ws.layout.inbox(album: album)) == ["broken.jpg", "good.jpg"], "both stay where they are")
        #expect(try sha256(of: ws.layout.originals(album: album).appendingPathComponent("good.jpg"))
                    == sha256(of: ws.layout.inbox(album: album).appendingPathComponent("good.jpg")))

        let mine = { (event: [String: Any]) in event["album"] as? String == album }
        let processed = ws.events("processed").filter(mine)
        #expect(processed.map { $0["file"] as? String } == ["good.jpg"])
        #expect(processed.first?["original"] as? String == "originals/\(album)/good.jpg")
        #expect(processed.first?["left_in_inbox"] != nil, "the photo's own event says it is also still in the inbox")
        #expect(ws.events("failed").filter(mine).map { $0["file"] as? String } == ["broken.jpg"])
        #expect(ws.events("recovered").filter(mine).isEmpty)
        let readOnly = ws.events("warning").filter(mine).filter { ($0["reason"] as? String)?.contains("cannot be changed") == true }
        #expect(readOnly.count == 1, "one warning for the album: \(ws.events("warning"))")

        let workspace = try ws.open()
        let report = try StatusReport.gather(catalog: workspace.catalog, layout: ws.layout, album: album)
        let row = try #require(report.rows.first)
        #expect(row.waiting == 0 && row.done == 1 && row.failed == 1, "\(row)")
        #expect(try workspace.catalog.photos(album: album).allSatisfy { $0.leftInInbox != nil })
    }

    @Test(.enabled(if: ReadOnlySource.canMountReadOnly, ReadOnlySource.mountSkipMessage))
    func aReadOnlyCardIsCopiedOnceAndProcessAgainDoesNothing() throws {
        let ws = TestWorkspace("ro-card")
        let card = ws.dir.path("card")
        try makeCard(ws, at: card)
        let album = ws.layout.inbox(album: "Card")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        try #require(ReadOnlySource.mountReadOnly(card, at: album) != nil)
        defer { ReadOnlySource.unmount(album) }
        try writeConfig(ws)

        for run in 1...3 { try runProcess(ws, run) }

        try expectCopiedOnce(ws, album: "Card")
    }

    @Test(.enabled(if: ReadOnlySource.canMountReadOnly, ReadOnlySource.mountSkipMessage))
    func theAgentLeavesAReadOnlyCardAloneAtEveryReconcileAndRestart() throws {
        let ws = TestWorkspace("ro-agent")
        let card = ws.dir.path("card")
        try makeCard(ws, at: card)
        let album = ws.layout.inbox(album: "Card")
        let sentinels = ws.layout.inbox(album: "Sentinel")
        for folder in [album, sentinels] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        try #require(ReadOnlySource.mountReadOnly(card, at: album) != nil)
        defer { ReadOnlySource.unmount(album) }
        try writeConfig(ws, top: #"reconcile_interval = "10s""#)

        // A hard link raises no arrival event: only a rescan (start-up or reconcile) finds it, so
        // its `processed` event proves a whole rescan passed over the card meanwhile.
        func linkSentinel(_ n: Int) throws {
            let photo = ws.dir.path("sentinel-\(n).jpg")
            try GeneratedImages.writeJPEG(try GeneratedImages.photoLike(width: 64, height: 48, seed: 10 + n), to: photo)
            #expect(link(photo.path, sentinels.appendingPathComponent("s\(n).jpg").path) == 0)
        }
        func sentinelsDone() -> Int { ws.events("processed").filter { $0["album"] as? String == "Sentinel" }.count }

        var agent = try AgentProcess(ws)
        #expect(agent.waitFor("failed"))
        #expect(eventually(within: 120) { ws.events("processed").contains { $0["album"] as? String == "Card" } })
        for n in 1...2 {
            try linkSentinel(n)
            #expect(eventually(within: 120) { sentinelsDone() >= n }, "reconcile \(n) did not come")
        }
        #expect(agent.terminate() == 0)

        try linkSentinel(3)
        agent = try AgentProcess(ws)
        #expect(eventually(within: 120) { sentinelsDone() >= 3 }, "the start-up rescan did not come")
        #expect(agent.terminate() == 0)

        try expectCopiedOnce(ws, album: "Card")
    }

    @Test(.enabled(if: ReadOnlySource.canMakeImmutable, ReadOnlySource.immutableSkipMessage))
    func immutableOriginalsAreCopiedOnceAndNeverAgain() throws {
        let ws = TestWorkspace("immutable")
        let album = ws.layout.inbox(album: "Locked")
        try makeCard(ws, at: album)
        let files = ["good.jpg", "broken.jpg"].map { album.appendingPathComponent($0) }
        for file in files { try #require(ReadOnlySource.setImmutable(file)) }
        defer { for file in files { ReadOnlySource.setImmutable(file, false) } }
        try writeConfig(ws)

        for run in 1...3 { try runProcess(ws, run) }

        try expectCopiedOnce(ws, album: "Locked")
    }

    @Test(.enabled(if: ReadOnlySource.canMakeImmutable, ReadOnlySource.immutableSkipMessage))
    func deleteOnAnImmutableOriginalKeepsItWithOneWarning() throws {
        let ws = TestWorkspace("immutable-delete")
        let album = ws.layout.inbox(album: "Locked")
        try makeCard(ws, at: album)
        try FileManager.default.removeItem(at: album.appendingPathComponent("broken.jpg"))
        let good = album.appendingPathComponent("good.jpg")
        try #require(ReadOnlySource.setImmutable(good))
        defer { ReadOnlySource.setImmutable(good, false) }
        let config = try writeConfig(ws)
        try (String(contentsOf: config, encoding: .utf8) + "\nafter = \"delete\"\n").write(to: config, atomically: false, encoding: .utf8)

        for run in 1...2 { try runProcess(ws, run) }

        #expect(ws.files(in: album) == ["good.jpg"])
        #expect(ws.events("processed").count == 1)
        #expect(ws.events("warning").filter { ($0["reason"] as? String)?.contains("cannot be deleted") == true }.count == 1)
        #expect(ws.events("recovered").isEmpty)
        let workspace = try ws.open()
        let photo = try #require(try workspace.catalog.photos(album: "Locked").first)
        #expect(photo.disposition == .kept && photo.leftInInbox != nil)
    }
}
