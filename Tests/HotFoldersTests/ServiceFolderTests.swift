import Foundation
import Testing
@testable import HotFolders

/// Service folders of NAS boxes and file systems (Synology `@eaDir` thumbnails, `#recycle`, ...)
/// are never albums: not for `process`, `status`, `check-config` nor the agent, whether they are
/// there at start-up or appear while it runs, on a watched or a polled share. The real binary and
/// the real agent.
@Suite struct ServiceFolderTests {
    static let serviceFolders = ["@eaDir", "#recycle", "#snapshot", ".Trash-1000", "$RECYCLE.BIN",
                                 "System Volume Information", ".@__thumb", "lost+found"]

    @Test func theBuiltInIgnoreListHoldsEveryServiceFolder() {
        for name in Self.serviceFolders {
            #expect(IgnoredNames().ignores(name), "\(name) is ignored by default")
            #expect(!AlbumFolders.isAlbum(name, ignoring: IgnoredNames()), "\(name) is not an album")
        }
        #expect(AlbumFolders.isAlbum("Vacation 2024", ignoring: IgnoredNames()))
    }

    /// A thumbnail in each service folder at the top of the inbox and inside an album.
    static func plantThumbnails(_ ws: TestWorkspace, seed: Int = 100) throws {
        for (n, name) in serviceFolders.enumerated() {
            let folder = ws.dir.folder("root", "inbox", name)
            try Data(try AgentTests.photo(seed + n)).write(to: folder.appendingPathComponent("SYNOPHOTO_THUMB_M.jpg"))
        }
        let inAlbum = ws.dir.folder("root", "inbox", "Album", "@eaDir", "good.jpg")
        try Data(try AgentTests.photo(seed + 50)).write(to: inAlbum.appendingPathComponent("SYNOPHOTO_THUMB_XL.jpg"))
    }

    /// No event, output, original or failure anywhere names a service folder.
    static func expectUntouched(_ ws: TestWorkspace) {
        let mentions = ws.events().filter { event in
            [event["album"], event["file"]].contains { value in
                guard let text = value as? String else { return false }
                return serviceFolders.contains { text.contains($0) }
            }
        }
        #expect(mentions.isEmpty, "no event about a service folder: \(mentions)")
        for tree in [ws.layout.outbox, ws.layout.originals, ws.layout.failed] {
            let touched = ws.files(in: tree).filter { path in serviceFolders.contains { path.contains($0) } }
            #expect(touched.isEmpty, "nothing of a service folder in \(tree.lastPathComponent)/: \(touched)")
        }
        for name in serviceFolders {
            #expect(FileManager.default.fileExists(atPath: ws.layout.inbox(album: name).appendingPathComponent("SYNOPHOTO_THUMB_M.jpg").path))
        }
    }

    @Test func processStatusAndCheckConfigTakeNoServiceFolderForAnAlbum() throws {
        let ws = TestWorkspace("service-process")
        // A list of one's own: `Scratch` joins it, and every command honours it.
        let ignore = (IgnoredNames.defaultPatterns + ["Scratch"]).map(TOMLReader.quoted).joined(separator: ", ")
        let config = try NonUTF8NameTests.config(ws, extra: "ignore = [\(ignore)]")
        try Self.plantThumbnails(ws)
        let scratch = ws.dir.folder("root", "inbox", "Scratch")
        try Data(try AgentTests.photo(7)).write(to: scratch.appendingPathComponent("test.jpg"))
        let album = ws.dir.folder("root", "inbox", "Album")
        try Data(try AgentTests.photo(1)).write(to: album.appendingPathComponent("good.jpg"))

        let run = try CommandLineTool.run(["process", "--config", config.path], logs: ws.dir.path("process"))
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("1 processed, 0 failed, 0 duplicates, 0 skipped"), "\(run.out)")
        Self.expectUntouched(ws)
        #expect(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("test.jpg").path))
        #expect(ws.files(in: ws.layout.outbox).allSatisfy { $0.hasPrefix("Album/") })

        let status = try CommandLineTool.run(["status", "--config", config.path], logs: ws.dir.path("status"))
        #expect(status.status == 0, "\(status.err)")
        #expect(status.out.contains("Album"), "\(status.out)")
        for name in Self.serviceFolders + ["Scratch"] {
            #expect(!status.out.contains(name), "status lists no \(name): \(status.out)")
        }
        let check = try CommandLineTool.run(["check-config", "--config", config.path], logs: ws.dir.path("check"))
        #expect(check.status == 0, "\(check.err)")
        for name in Self.serviceFolders + ["Scratch"] {
            #expect(!check.out.contains("\"\(name)\": "), "check-config lists no \(name) album: \(check.out)")
        }

        // Named on the command line, a service folder is still not an album: said, not processed.
        let named = try CommandLineTool.run(["process", "--config", config.path, ws.layout.inbox(album: "@eaDir").path],
                                            logs: ws.dir.path("named"))
        #expect(named.status == 0, "\(named.err)")
        #expect(named.out.contains("0 processed, 0 failed, 0 duplicates, 1 skipped"), "\(named.out)")
        #expect(named.out.contains("in @eaDir/, a folder the ignore list leaves alone"), "\(named.out)")
        #expect(!ws.files(in: ws.layout.outbox).contains { $0.contains("@eaDir") })
    }

    @Test func theAgentTakesNoServiceFolderForAnAlbumPolledOrWatched() throws {
        let ws = TestWorkspace("service-agent")
        // Polled, as a share is: a service folder announced as an album would be walked.
        _ = try NonUTF8NameTests.config(ws, extra: """
            [defaults]
            settle = "300ms"
            watch = "poll"
            poll_interval = "1s"
            """)
        try Self.plantThumbnails(ws)
        try Data(try AgentTests.photo(1)).write(to: ws.dir.folder("root", "inbox", "Album").appendingPathComponent("good.jpg"))
        let agent = try AgentProcess(ws)
        #expect(agent.waitFor("processed"))

        // Appearing while it runs: a new service folder, then a new album after it; once the
        // album's photo is done, the folder that came first has been seen and passed over.
        let recycle = ws.dir.folder("root", "inbox", "@eaDir", "IMG_1.jpg")
        try Data(try AgentTests.photo(60)).write(to: recycle.appendingPathComponent("SYNOPHOTO_THUMB_S.jpg"))
        try? FileManager.default.removeItem(at: ws.layout.inbox(album: "#recycle"))
        let again = ws.dir.folder("root", "inbox", "#recycle")
        try Data(try AgentTests.photo(61)).write(to: again.appendingPathComponent("SYNOPHOTO_THUMB_M.jpg"))
        try Data(try AgentTests.photo(2)).write(to: ws.dir.folder("root", "inbox", "Later").appendingPathComponent("late.jpg"))
        #expect(agent.waitFor("processed", count: 2))
        #expect(agent.terminate() == 0)

        Self.expectUntouched(ws)
        let watching = ws.events("watching").compactMap { $0["album"] as? String }.sorted()
        #expect(watching == ["Album", "Later"], "only real albums are watched: \(watching)")
        #expect(ws.files(in: ws.layout.outbox).allSatisfy { $0.hasPrefix("Album/") || $0.hasPrefix("Later/") })
    }
}
