import Foundation
import Glibc
import Testing
@testable import HotFolders

/// A full disk, on a real small file system (a tmpfs mounted for the test): photos wait in the
/// inbox, the agent resumes on its own within seconds of space coming back, a write that fails
/// part-way leaves nothing behind and costs no names, and the event log never holds half a line.
@Suite struct DiskFullTests {
    /// Every line of the live event log, each of which must be a whole JSON object.
    static func logLines(_ state: URL) throws -> [String] {
        let text = try String(contentsOf: state.appendingPathComponent("events.jsonl"), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    static func expectWholeLines(_ state: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for line in try logLines(state) {
            #expect(Event(jsonLine: line) != nil, "a torn or empty line in the event log: \(line.prefix(80))",
                    sourceLocation: sourceLocation)
        }
    }

    @Test(.enabled(if: SmallDisk.canMount, SmallDisk.skipReason))
    func aLineTheDiskTakesOnlyPartOfIsTakenBackWhole() throws {
        let dir = TemporaryDirectory("torn")
        let disk = try #require(SmallDisk(at: dir.path("state"), size: "256k"))
        defer { disk.unmount() }
        let log = try EventLog(directory: disk.url)
        #expect(log.record(Event(named: "before")))
        disk.fill()
        // Longer than what is left of the file's last page: the kernel takes the first part only.
        #expect(!log.record(Event(named: "long", reason: String(repeating: "x", count: 20_000))))
        disk.free()
        #expect(log.record(Event(named: "after")))

        try Self.expectWholeLines(disk.url)
        #expect(try Self.logLines(disk.url).compactMap { Event(jsonLine: $0)?.event } == ["before", "after"])
    }

    @Test func aTornLineLeftInTheLogIsEndedAndReadersSkipIt() throws {
        // What an older version, or a crash in the middle of a write, could leave.
        let dir = TemporaryDirectory("torn-before")
        try Data((Event(named: "before").jsonLine + "\n" + "{\"time\":\"2026-12-03T1").utf8).write(to: dir.path("events.jsonl"))
        let log = try EventLog(directory: dir.url)
        #expect(log.record(Event(named: "after")))
        let lines = try Self.logLines(dir.url)
        #expect(lines.count == 3)
        #expect(lines.last.flatMap { Event(jsonLine: $0)?.event } == "after", "the next line starts on a line of its own")

        let config = dir.path("hotfolders.toml")
        try "root = \"\(dir.path("root").path)\"\nstate = \"\(dir.url.path)\"\n".write(to: config, atomically: false, encoding: .utf8)
        for arguments in [["log", "--json"], ["log"]] {
            let run = try CommandLineTool.run(arguments + ["--config", config.path], logs: dir.path("log"))
            #expect(run.status == 0, "\(run.err)")
            let printed = run.out.split(separator: "\n").map(String.init)
            #expect(printed.count == 2, "\(arguments): \(printed)")
            if arguments.contains("--json") {
                #expect(printed.allSatisfy { Event(jsonLine: $0) != nil }, "--json prints whole events only: \(printed)")
            }
        }
    }

    @Test(.enabled(if: SmallDisk.canMount, SmallDisk.skipReason))
    func aWriteThatFailsPartWayLeavesNothingAndTheRetryGetsTheNamesOfACleanRun() throws {
        let ws = TestWorkspace("partway")
        let disk = try #require(SmallDisk(at: ws.layout.outbox, size: "1m"))
        defer { disk.unmount() }
        let workspace = try ws.open()
        let admission = try workspace.catalog.admit(album: "Trip", originalName: "p.jpg", size: 1, sha256: String(repeating: "a", count: 64),
                                                    duplicates: .skip)
        guard case .process(let id) = admission else { Issue.record("not admitted: \(admission)"); return }
        let writer = OutboxWriter(layout: ws.layout, catalog: workspace.catalog)
        func output(_ variant: String, bytes: Int) -> OutboxWriter.Encoded {
            OutboxWriter.Encoded(variant: variant, suffix: "", bytes: [UInt8](repeating: 7, count: bytes), width: 1, height: 1, format: .webp)
        }

        // The first output fits, the second does not.
        #expect(throws: SystemError.self) {
            try writer.write([output("web", bytes: 4096), output("large", bytes: 4 << 20)], baseName: "p", album: "Trip", photoID: id)
        }
        #expect(ws.files(in: ws.layout.outbox(album: "Trip")).isEmpty, "what the failed try wrote is owned by nothing")

        let records = try writer.write([output("web", bytes: 4096), output("large", bytes: 4096)], baseName: "p", album: "Trip", photoID: id)
        #expect(records.map(\.path) == ["outbox/Trip/web/p.webp", "outbox/Trip/large/p.webp"])
        #expect(ws.files(in: ws.layout.outbox(album: "Trip")) == ["large/p.webp", "web/p.webp"])
    }

    @Test(.enabled(if: SmallDisk.canMount, SmallDisk.skipReason))
    func whileTheOutboxDiskIsFullPhotosWaitInTheInboxAndGoOnTheirOwnOnceThereIsRoom() throws {
        let ws = TestWorkspace("full-outbox")
        let disk = try #require(SmallDisk(at: ws.layout.outbox, size: "1m"))
        defer { disk.unmount() }
        disk.fill()
        let agent = try AgentProcess(ws)
        let names = (0..<4).map { "IMG_\($0).jpg" }
        let album = ws.layout.inbox(album: "Trip")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        for (n, name) in names.enumerated() {
            try Data(try AgentTests.photo(n, size: 400)).write(to: album.appendingPathComponent(name))
        }
        #expect(agent.waitFor("postponed", count: names.count))
        #expect(ws.files(in: album) == names, "the photos wait in the inbox")
        #expect(ws.files(in: ws.layout.failed).isEmpty)

        disk.free()
        // No reconcile comes within this wait (the default is 10 minutes): the agent must notice alone.
        #expect(agent.waitFor("processed", count: names.count, within: 180))
        #expect(agent.terminate() == 0)

        #expect(ws.files(in: ws.layout.outbox(album: "Trip")) == names.map { "web/" + $0.replacingOccurrences(of: ".jpg", with: ".webp") })
        #expect(ws.files(in: ws.layout.failed).isEmpty)
        #expect(ws.files(in: album).isEmpty)
        try Self.expectWholeLines(ws.configuration.state)
        let catalog = try ws.open().catalog
        #expect(try catalog.count(status: .done) == names.count)
        #expect(try catalog.count(status: .failed) == 0)
    }

    @Test(.enabled(if: SmallDisk.canMount, SmallDisk.skipReason))
    func whileTheStateDiskIsFullPhotosWaitInTheInboxNeverInFailed() throws {
        let ws = TestWorkspace("full-state")
        let disk = try #require(SmallDisk(at: ws.configuration.state, size: "2m"))
        defer { disk.unmount() }
        let agent = try AgentProcess(ws)
        disk.fill()
        // The log file's last page still has room: take it with whole lines, so the log is full too.
        let padding = try EventLog(directory: disk.url)
        var padded = 0
        while padded < 10_000 && padding.record(Event(named: "padding")) { padded += 1 }
        let names = (0..<4).map { "IMG_\($0).jpg" }
        let album = ws.layout.inbox(album: "Trip")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        for (n, name) in names.enumerated() {
            try Data(try AgentTests.photo(n, size: 400)).write(to: album.appendingPathComponent(name))
        }
        // With the state disk full the log cannot say so: the agent's stderr does, once.
        #expect(eventually(within: 120) { agent.stderr.contains("cannot be written") })
        #expect(ws.files(in: album) == names, "the photos wait in the inbox")
        #expect(ws.files(in: ws.layout.failed).isEmpty, "a full disk is not the photos' fault")

        disk.free()
        #expect(agent.waitFor("processed", count: names.count, within: 180))
        #expect(agent.terminate() == 0)

        #expect(ws.files(in: ws.layout.failed).isEmpty)
        #expect(ws.files(in: ws.layout.outbox(album: "Trip")) == names.map { "web/" + $0.replacingOccurrences(of: ".jpg", with: ".webp") })
        try Self.expectWholeLines(ws.configuration.state)
        let status = try CommandLineTool.run(["status", "--config", agent.config.path], logs: ws.dir.path("status"))
        #expect(status.status == 0, "\(status.err)")
        let catalog = try ws.open().catalog
        #expect(try catalog.count(status: .done) == names.count)
        #expect(try catalog.count(status: .failed) == 0)
        #expect(try catalog.count(status: .processing) == 0)
    }
}
