import Foundation
import Testing
@testable import HotFolders

/// The never-lose-a-photo promise, tested with a real SIGKILL of a real `hotfolders process`.
@Suite(.enabled(if: Corpus.available, Corpus.skipMessage))
struct CrashRecoveryTests {
    @Test func aRunKilledMidwayAndRestartedLosesNothingAndDuplicatesNothing() async throws {
        let ws = TestWorkspace("kill")
        let sources = Corpus.files(in: "orientation") + Corpus.files(in: "gps").filter { $0.pathExtension == "jpg" }
        for source in sources { try ws.drop(source, album: "Shoot") }
        let config = ws.dir.path("hotfolders.toml")
        try """
            root = "\(ws.root.path)"
            state = "\(ws.configuration.state.path)"
            workers = 1
            """.write(to: config, atomically: false, encoding: .utf8)
        let events = ws.configuration.state.appendingPathComponent("events.jsonl")

        let first = try CommandLineTool.start(["process", "--config", config.path], logs: ws.dir.path("first"))
        let someDone = eventually(within: 120) {
            let text = (try? String(contentsOf: events, encoding: .utf8)) ?? ""
            return text.components(separatedBy: "\"event\":\"processed\"").count - 1 >= 4
        }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(someDone)
        #expect(first.terminationReason == .uncaughtSignal)
        let left = ws.files(in: ws.layout.inbox(album: "Shoot")).count
        #expect(left > 0, "the kill came too late to test anything")

        let second = try CommandLineTool.run(["process", "--config", config.path], logs: ws.dir.path("second"))
        #expect(second.status == 0, "\(second.err)")

        // Nothing lost: every original is archived, byte for byte, exactly once.
        #expect(ws.files(in: ws.layout.inbox(album: "Shoot")).isEmpty)
        let archived = ws.files(in: ws.layout.originals(album: "Shoot"))
        #expect(archived == sources.map(\.lastPathComponent).sorted())
        for source in sources {
            #expect(try sha256(of: ws.layout.originals(album: "Shoot").appendingPathComponent(source.lastPathComponent)) == sha256(of: source))
        }
        // Nothing duplicated: one output per photo, no numbered twins, no temporary leftovers.
        let outputs = ws.files(in: ws.layout.outbox(album: "Shoot"))
        let expected = sources.map { "web/" + $0.deletingPathExtension().lastPathComponent + ".webp" }.sorted()
        #expect(outputs == expected)
        let catalog = try ws.open().catalog
        #expect(try catalog.count(status: "done") == sources.count)
        #expect(try catalog.count(status: "duplicate") == 0)
    }
}
