import Foundation
import Glibc
import Inotify
import Testing
@testable import HotFolders

/// Names that are not valid UTF-8 (Latin-1 `caf\xE9.jpg` from an old card or an SMB share):
/// hotfolders cannot name such a file in a `String` or `URL`, so it refuses it truthfully, once,
/// in the event log and in `status` ("the name is not valid UTF-8; rename it"), and leaves it
/// untouched in the inbox under its exact bytes. Real files made with the raw POSIX calls, the
/// real binary and the real agent.
@Suite struct NonUTF8NameTests {
    static let refusal = "the name is not valid UTF-8; rename it"

    /// Every line of the event log is valid JSON (a raw byte in a name would break it).
    static func expectWholeJSONLines(_ ws: TestWorkspace) throws {
        let text = try String(contentsOf: ws.configuration.state.appendingPathComponent("events.jsonl"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(ws.events().count == lines.count, "every event line parses as JSON")
    }

    static func config(_ ws: TestWorkspace, extra: String = "") throws -> URL { try ws.writeConfig(extra) }

    @Test func aNameIsTextOnlyWhenValidAndShowsItsInvalidBytesEscaped() {
        let latin = FileName(bytes: RawNames.cafe + Array(".jpg".utf8))
        #expect(latin.string == nil)
        #expect(latin.display == #"caf\xE9.jpg"#)
        #expect(FileName(bytes: Array("café.jpg".utf8)).string == "café.jpg")
        #expect(FileName(bytes: Array("café.jpg".utf8)).display == "café.jpg")
        // A sequence cut short, a stray continuation byte, then text again.
        #expect(FileName(bytes: [0x61, 0xC3, 0x62, 0x80, 0x63]).display == #"a\xC3b\x80c"#)
        #expect(FileName(bytes: [0xE9]).display != FileName(bytes: [0xE8]).display)
    }

    @Test func processRefusesNonUTF8NamesTruthfullyAndStatusListsThem() throws {
        let ws = TestWorkspace("non-utf8-process")
        defer { RawNames.removeTree(ws.dir.url) }
        let config = try Self.config(ws)
        let cards = ws.dir.folder("root", "inbox", "Cards")
        let photo = try AgentTests.photo(1)
        try RawNames.write(photo, name: RawNames.cafe + Array(".jpg".utf8), in: cards)
        try Data(try AgentTests.photo(2)).write(to: cards.appendingPathComponent("good.jpg"))
        // An album folder whose own name is Latin-1, with a photo in it.
        try RawNames.makeFolder(RawNames.cafe, in: ws.layout.inbox)
        try RawNames.write(try AgentTests.photo(3), name: "inside.jpg", inFolder: RawNames.cafe, of: ws.layout.inbox)

        let run = try CommandLineTool.run(["process", "--config", config.path], logs: ws.dir.path("process"))
        #expect(run.status == 0, "a refused name is skipped, not a failure: \(run.err)")
        #expect(run.out.contains("1 processed"), "\(run.out)")
        #expect(!run.out.contains("vanished") && !run.err.contains("vanished"), "the file did not vanish: \(run.out)")
        #expect(run.out.contains(#"caf\xE9.jpg"#), "the name is shown escaped: \(run.out)")

        let skipped = ws.events("skipped")
        let file = skipped.first { $0["file"] as? String == #"caf\xE9.jpg"# }
        #expect(file?["album"] as? String == "Cards")
        #expect(file?["reason"] as? String == Self.refusal)
        let folder = skipped.first { $0["file"] as? String == #"caf\xE9/"# }
        #expect(folder?["album"] == nil, "a folder of such a name is not an album")
        #expect((folder?["reason"] as? String)?.hasPrefix("the album folder's name is not valid UTF-8; rename it") == true)
        #expect(skipped.count == 2)
        try Self.expectWholeJSONLines(ws)

        // Left exactly where and as it was: the same bytes in the name, the same content.
        #expect(RawNames.names(in: cards) == [RawNames.cafe + Array(".jpg".utf8)])
        #expect(RawNames.names(in: ws.layout.inbox).contains(RawNames.cafe))
        #expect(ws.files(in: ws.layout.failed).isEmpty)

        let status = try CommandLineTool.run(["status", "--config", config.path], logs: ws.dir.path("status"))
        #expect(status.status == 0, "\(status.err)")
        #expect(status.out.contains(#"inbox/Cards/caf\xE9.jpg"#), "\(status.out)")
        #expect(status.out.contains(#"inbox/caf\xE9/"#), "\(status.out)")
        #expect(status.out.contains("not valid UTF-8; rename it"), "\(status.out)")
        #expect(!status.out.contains("\u{FFFD}"), "no replacement character stands for the bytes")
    }

    @Test func theAgentRefusesNonUTF8NamesOnceAcrossPasses() throws {
        let ws = TestWorkspace("non-utf8-agent")
        defer { RawNames.removeTree(ws.dir.url) }
        _ = try Self.config(ws, extra: """
            reconcile_interval = "10s"
            [defaults]
            settle = "300ms"
            [album."Share"]
            watch = "poll"
            poll_interval = "1s"
            """)
        let cards = ws.dir.folder("root", "inbox", "Cards")
        let share = ws.dir.folder("root", "inbox", "Share")
        let latin = RawNames.cafe + Array(".jpg".utf8)
        try RawNames.write(try AgentTests.photo(1), name: latin, in: cards)   // found by the start-up scan
        try RawNames.write(try AgentTests.photo(2), name: latin, in: share)   // and by every poll

        let agent = try AgentProcess(ws)
        #expect(agent.waitFor("skipped", count: 2))
        // While it runs: a file in a watched album (a kernel event) and a new album folder.
        try RawNames.write(try AgentTests.photo(3), name: Array("na".utf8) + [0xEF] + Array("ve.jpg".utf8), in: cards)
        try RawNames.makeFolder(RawNames.cafe, in: ws.layout.inbox)
        #expect(agent.waitFor("skipped", count: 4))

        // A hard link raises no event a watcher takes (IN_CREATE only): only the reconcile
        // pass finds it, so once it is processed a whole pass has run over the refused names.
        let staged = ws.dir.path("late.jpg")
        try Data(try AgentTests.photo(4)).write(to: staged)
        #expect(link(staged.path, cards.appendingPathComponent("late.jpg").path) == 0)
        #expect(agent.waitFor("processed"))
        #expect(agent.terminate() == 0)

        let skipped = ws.events("skipped").map { "\($0["album"] as? String ?? "-") \($0["file"] as? String ?? "") \($0["reason"] as? String ?? "")" }
        #expect(skipped.sorted() == [
            #"- caf\xE9/ the album folder's name is not valid UTF-8; rename it (the photos in it wait until then)"#,
            #"Cards caf\xE9.jpg "# + Self.refusal,
            #"Cards na\xEFve.jpg "# + Self.refusal,
            #"Share caf\xE9.jpg "# + Self.refusal,
        ], "each refused once, whatever the passes and polls")
        #expect(ws.events("watching").allSatisfy { ($0["album"] as? String)?.contains("\u{FFFD}") != true })
        try Self.expectWholeJSONLines(ws)
        #expect(RawNames.names(in: cards).contains(latin))
        #expect(RawNames.names(in: share) == [latin])
    }
}
