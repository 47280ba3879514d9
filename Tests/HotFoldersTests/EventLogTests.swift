import Foundation
import Testing
@testable import HotFolders

/// A time with whole milliseconds, so it survives the trip through the log exactly.
private let fixedTime = Timestamp.date(from: "2026-11-21T10:04:05.123Z")!

/// The keys of a JSON object line, in the order they appear (a small scanner: JSONSerialization
/// forgets the order).
private func keys(of line: String) -> [String] {
    var keys: [String] = []
    var depth = 0
    var index = line.startIndex
    var expectKey = false
    while index < line.endIndex {
        let char = line[index]
        switch char {
        case "{", "[": depth += 1; expectKey = char == "{" && depth == 1
        case "}", "]": depth -= 1
        case ",": expectKey = depth == 1
        case "\"":
            var end = line.index(after: index)
            var text = ""
            while line[end] != "\"" {
                if line[end] == "\\" { end = line.index(after: end) }
                text.append(line[end])
                end = line.index(after: end)
            }
            if expectKey { keys.append(text); expectKey = false }
            index = end
        default: break
        }
        index = line.index(after: index)
    }
    return keys
}

private func fileContents(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

@Suite struct EventLineTests {
    @Test func keysComeInTheDocumentedOrder() throws {
        let event = Event(.processed, level: .info, album: "Vacation", file: "IMG_1.jpg", outputs: ["outbox/Vacation/web/IMG_1.webp"],
                          ms: 812, stage: "preprocess", reason: "why", detail: "how",
                          fields: ["zeta": "z", "alpha": "a", "duplicate_of": "IMG_0.jpg"], time: fixedTime)
        let line = event.jsonLine
        #expect(keys(of: line) == ["time", "level", "event", "album", "file", "outputs", "ms", "stage", "reason", "detail",
                                   "alpha", "duplicate_of", "zeta"])
        #expect(line.hasPrefix(#"{"time":"2026-11-21T10:04:05.123Z","level":"info","event":"processed","album":"Vacation""#))
        #expect(line.contains(#""outputs":["outbox/Vacation/web/IMG_1.webp"],"ms":812,"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["ms"] as? Int == 812)
        #expect(object["alpha"] as? String == "a")
    }

    /// The names in the log are the ones it has always had: scripts filter on them (`jq`,
    /// `hotfolders log --json`), and lines written before the kinds were typed read back the same.
    @Test func everyKindIsWrittenUnderItsLogName() throws {
        #expect(EventKind.allCases.map(\.rawValue).sorted() == [
            "album_removed", "catalog_backup", "catalog_damaged", "config_rejected", "deploy_failed", "deploy_retry",
            "deploy_waiting", "deployed", "duplicate", "failed", "incomplete", "invalidated", "invalidation_failed",
            "manifest_deployed", "manifest_repaired", "overflow", "paused", "postponed", "processed", "ready", "recovered",
            "reloaded", "resumed", "retry", "skipped", "started", "stopped", "stopping", "style_failed", "styled",
            "warning", "watch_budget", "watch_limit", "watching",
        ])
        for kind in EventKind.allCases {
            let line = Event(kind, time: fixedTime).jsonLine
            #expect(line.contains(#""event":"\#(kind.rawValue)""#))
            #expect(Event(jsonLine: line)?.kind == kind)
        }
    }

    @Test func absentValuesAreLeftOut() {
        let line = Event(.started, time: fixedTime).jsonLine
        #expect(line == #"{"time":"2026-11-21T10:04:05.123Z","level":"info","event":"started"}"#)
    }

    @Test func aFieldCannotShadowAStandardKey() {
        let line = Event(.failed, level: .error, album: "A", fields: ["album": "B", "level": "debug"], time: fixedTime).jsonLine
        #expect(keys(of: line) == ["time", "level", "event", "album"])
        #expect(Event(jsonLine: line)?.album == "A")
    }

    @Test func aHostileNameStaysOnOneLineAndComesBack() throws {
        let name = "say \"cheese\"\\ \nnew line\r\ttab \u{1}\u{1B}[31mred 🎉 é 日本 \u{7F}"
        let event = Event(.failed, level: .error, album: "Album \"1\"\n", file: name, reason: "bad\nreason", time: fixedTime)
        let line = event.jsonLine
        #expect(!line.contains("\n") && !line.contains("\r") && !line.contains("\u{1B}") && !line.contains("\u{1}"))
        #expect(line.contains("🎉 é 日本"))  // non-ASCII kept as UTF-8, not \u escapes
        #expect(line.contains(#"\u0001\u001b[31m"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["file"] as? String == name)
        #expect(Event(jsonLine: line) == event)

        let dir = TemporaryDirectory("events")
        let log = try EventLog(directory: dir.url)
        log.record(event)
        log.record(Event(.processed, file: "after", time: fixedTime))
        let text = try fileContents(log.url)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == 3)  // two lines and the final ""
        #expect(try EventLogReader(url: log.url).events() == [event, Event(.processed, file: "after", time: fixedTime)])
    }

    @Test func everyFieldRoundTrips() {
        let event = Event(.processed, level: .warning, album: "A", file: "f", outputs: ["a", "b"], ms: 5, stage: "s",
                          reason: "r", detail: "d", fields: ["x": "1"], time: fixedTime)
        #expect(Event(jsonLine: event.jsonLine) == event)
    }

    @Test func malformedLinesAreNotEvents() {
        #expect(Event(jsonLine: "") == nil)
        #expect(Event(jsonLine: "{\"time\":\"2026-11-21T10:04:05.123Z\",\"level\":\"info\"") == nil)  // torn
        #expect(Event(jsonLine: "{\"time\":\"yesterday\",\"level\":\"info\",\"event\":\"x\"}") == nil)
        #expect(Event(jsonLine: "{\"time\":\"2026-11-21T10:04:05.123Z\",\"level\":\"loud\",\"event\":\"x\"}") == nil)
        #expect(Event(jsonLine: "not json") == nil)
    }

    @Test func otherWritersScalarsBecomeFields() {
        let event = Event(jsonLine: #"{"time":"2026-11-21T10:04:05Z","level":"info","event":"x","count":3,"ok":true}"#)
        #expect(event?.fields == ["count": "3", "ok": "true"])
        #expect(event?.time == Timestamp.date(from: "2026-11-21T10:04:05.000Z"))
    }

    @Test func timestampsRoundTripToTheMillisecond() {
        for text in ["2026-11-21T10:04:05.123Z", "2026-01-01T00:00:00.000Z", "2030-12-31T23:59:59.999Z", "2026-11-21T10:04:05.001Z"] {
            let date = Timestamp.date(from: text)
            #expect(date.map { Timestamp.string($0) } == text)
        }
        #expect(Timestamp.date(from: "2026-11-21 10:04:05Z") == nil)
        #expect(Timestamp.date(from: "2026-13-21T10:04:05.123Z") == nil)
        #expect(Timestamp.date(from: "2026-11-21T10:04:05.123+01:00") == nil)
    }
}

@Suite struct EventLogWriterTests {
    @Test func linesAreAppendedAndOnDiskAtOnce() throws {
        let dir = TemporaryDirectory("events")
        let log = try EventLog(directory: dir.path("state", "deep"))
        #expect(log.url.lastPathComponent == "events.jsonl")
        log.record(Event(.started, time: fixedTime))
        // Readable by another reader right away: nothing is held in a user-space buffer.
        #expect(try fileContents(log.url) == Event(.started, time: fixedTime).jsonLine + "\n")
        log.record(Event(.stopped, time: fixedTime))
        #expect(try EventLogReader(url: log.url).events().map(\.event) == ["started", "stopped"])
    }

    @Test func twoLogsOnOneFileAppendBothLines() throws {
        let dir = TemporaryDirectory("events")
        let first = try EventLog(directory: dir.url)
        let second = try EventLog(directory: dir.url)
        first.record(Event(named: "one"))
        second.record(Event(named: "two"))
        first.record(Event(named: "three"))
        #expect(try EventLogReader(url: first.url).events().map(\.event) == ["one", "two", "three"])
    }

    @Test func rotationKeepsLinesWholeAndInOrder() throws {
        let dir = TemporaryDirectory("events")
        let log = try EventLog(directory: dir.url, maxBytes: 1_000, keep: 100)
        for index in 0..<300 {
            log.record(Event(.processed, album: "A", file: "IMG_\(index).jpg", fields: ["seq": String(index)]))
        }
        let reader = EventLogReader(url: log.url)
        let files = reader.files()
        #expect(files.count > 10)
        #expect(files.last == log.url)
        #expect(files.first?.lastPathComponent == "events.jsonl.\(files.count - 1)")
        for file in files {
            let text = try fileContents(file)
            #expect(text.utf8.count <= 1_000, "\(file.lastPathComponent) is \(text.utf8.count) bytes")
            #expect(text.hasSuffix("\n"))
            for line in text.split(separator: "\n") { #expect(Event(jsonLine: line) != nil, "torn line: \(line)") }
        }
        #expect(try reader.events().compactMap { $0.fields?["seq"].flatMap { Int($0) } } == Array(0..<300))
    }

    @Test func rotationDropsFilesBeyondKeep() throws {
        let dir = TemporaryDirectory("events")
        let log = try EventLog(directory: dir.url, maxBytes: 500, keep: 2)
        for index in 0..<100 { log.record(Event(named: "x", fields: ["seq": String(index)])) }
        let reader = EventLogReader(url: log.url)
        #expect(reader.files().map(\.lastPathComponent) == ["events.jsonl.2", "events.jsonl.1", "events.jsonl"])
        #expect(!FileManager.default.fileExists(atPath: log.url.path + ".3"))
        let seqs = try reader.events().compactMap { $0.fields?["seq"].flatMap { Int($0) } }
        #expect(seqs.last == 99)
        #expect(seqs == Array(seqs.first!...99))  // a contiguous tail: whole files dropped, nothing in between
    }

    @Test func aLineLongerThanMaxBytesGetsAFileOfItsOwn() throws {
        let dir = TemporaryDirectory("events")
        let log = try EventLog(directory: dir.url, maxBytes: 100, keep: 5)
        log.record(Event(named: "small"))
        log.record(Event(named: "big", detail: String(repeating: "x", count: 500)))
        log.record(Event(named: "small again"))
        let reader = EventLogReader(url: log.url)
        #expect(try reader.events().map(\.event) == ["small", "big", "small again"])
        #expect(reader.files().count == 3)
    }

    @Test func concurrentWritersNeverInterleaveOrLoseALine() async throws {
        let dir = TemporaryDirectory("events")
        // Two threads on one log (one mutex), and two more on their own logs of the same file
        // (separate descriptors and locks, as two processes would have).
        let shared = try EventLog(directory: dir.url, maxBytes: 4_096, keep: 1_000)
        let logs = [shared, shared, try EventLog(directory: dir.url, maxBytes: 4_096, keep: 1_000),
                    try EventLog(directory: dir.url, maxBytes: 4_096, keep: 1_000)]
        let perWriter = 500
        await withTaskGroup(of: Void.self) { group in
            for (writer, log) in logs.enumerated() {
                group.addTask {
                    for index in 0..<perWriter {
                        log.record(Event(.processed, album: "A", file: "w\(writer)-\(index) \"x\"\n🎉",
                                         fields: ["writer": String(writer), "seq": String(index)]))
                    }
                }
            }
        }
        try expectWholeLines(in: dir.url, writers: logs.count, perWriter: perWriter)
    }

    @Test func twoProcessesWritingAtOnceNeverInterleaveOrLoseALine() throws {
        let dir = TemporaryDirectory("events")
        let perWriter = 1_500
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let children = try (0..<2).map { writer -> Process in
            let child = Process()
            child.executableURL = exe
            child.arguments = ["--testing-library", "swift-testing", "--filter", "eventLogChildWriter"]
            child.environment = ProcessInfo.processInfo.environment.merging([
                "HOTFOLDERS_EVENTLOG_CHILD_DIR": dir.url.path,
                "HOTFOLDERS_EVENTLOG_CHILD_WRITER": String(writer),
                "HOTFOLDERS_EVENTLOG_CHILD_COUNT": String(perWriter),
            ]) { $1 }
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            try child.run()
            return child
        }
        for child in children {
            child.waitUntilExit()
            #expect(child.terminationStatus == 0)
        }
        try expectWholeLines(in: dir.url, writers: children.count, perWriter: perWriter)
    }

    /// The child half of the two-process test; it runs only when that test starts it.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["HOTFOLDERS_EVENTLOG_CHILD_DIR"] != nil))
    func eventLogChildWriter() throws {
        let environment = ProcessInfo.processInfo.environment
        let dir = URL(fileURLWithPath: try #require(environment["HOTFOLDERS_EVENTLOG_CHILD_DIR"]))
        let writer = try #require(environment["HOTFOLDERS_EVENTLOG_CHILD_WRITER"])
        let count = try #require(environment["HOTFOLDERS_EVENTLOG_CHILD_COUNT"].flatMap { Int($0) })
        let log = try EventLog(directory: dir, maxBytes: 8_192, keep: 1_000)
        for index in 0..<count {
            log.record(Event(.processed, album: "A", file: "w\(writer)-\(index) \"x\"\n🎉",
                             fields: ["writer": writer, "seq": String(index)]))
        }
    }

    private func expectWholeLines(in dir: URL, writers: Int, perWriter: Int) throws {
        let reader = EventLogReader(directory: dir)
        #expect(reader.files().count > 2, "the test should have rotated")
        var lines = 0
        var torn: [String] = []
        var seen = [[Int]](repeating: [], count: writers)
        try reader.forEachLine { line in
            lines += 1
            guard let event = Event(jsonLine: line), let writer = event.fields?["writer"].flatMap({ Int($0) }),
                  let seq = event.fields?["seq"].flatMap({ Int($0) }),
                  event.file == "w\(writer)-\(seq) \"x\"\n🎉" else {
                torn.append(line)
                return
            }
            seen[writer].append(seq)
        }
        #expect(torn.isEmpty, "\(torn.count) torn or mixed lines, the first: \(torn.first ?? "")")
        #expect(lines == writers * perWriter)
        for writer in 0..<writers {
            // Every line of each writer, in the order it wrote them (one writer's lines never
            // pass each other, even across rotations).
            let inOrder = seen[writer].elementsEqual(0..<perWriter)
            #expect(inOrder, "writer \(writer): \(seen[writer].count) lines, first out of place at \(zip(seen[writer], 0...).first { $0 != $1 }.map { "\($0.1)" } ?? "the end")")
        }
    }

    @Test func aWriteFailureNeitherThrowsNorStopsLaterLines() throws {
        let dir = TemporaryDirectory("events")
        let log = try EventLog(directory: dir.url)
        log.record(Event(named: "one"))
        // The log's path becomes a folder: the writer notices the file is gone and cannot reopen it.
        try FileManager.default.moveItem(at: log.url, to: dir.path("moved.jsonl"))
        try FileManager.default.createDirectory(at: log.url, withIntermediateDirectories: false)
        log.record(Event(named: "lost"))
        log.record(Event(named: "lost too"))
        try FileManager.default.removeItem(at: log.url)
        log.record(Event(named: "two"))
        #expect(try EventLogReader(url: log.url).events().map(\.event) == ["two"])
        #expect(try EventLogReader(url: dir.path("moved.jsonl")).events().map(\.event) == ["one"])
    }
}

@Suite struct EventLogFollowTests {
    @Test func followSeesNewLinesAcrossRotations() throws {
        let dir = TemporaryDirectory("events")
        let log = try EventLog(directory: dir.url, maxBytes: 600, keep: 3)
        log.record(Event(named: "before", fields: ["seq": "-1"]))
        let follower = EventLogFollower(url: log.url)
        #expect(try follower.poll().compactMap { Event(jsonLine: $0)?.event } == ["before"])
        #expect(try follower.poll().isEmpty)

        var expected: [Int] = []
        var seen: [Int] = []
        for batch in 0..<10 {
            for index in 0..<7 {
                let seq = batch * 7 + index
                log.record(Event(named: "x", fields: ["seq": String(seq)]))
                expected.append(seq)
            }
            seen += try follower.poll().compactMap { Event(jsonLine: $0)?.fields?["seq"].flatMap { Int($0) } }
        }
        #expect(EventLogReader(url: log.url).files().count == 4)  // it did rotate, more than once
        #expect(seen == expected)
    }

    @Test func followSeesLinesWrittenBeforeARotationItMissed() throws {
        let dir = TemporaryDirectory("events")
        let log = try EventLog(directory: dir.url, maxBytes: 400, keep: 5)
        let follower = EventLogFollower(url: log.url)
        #expect(try follower.poll().isEmpty)
        // Lines that fill the file, then two rotations, all between two looks: the file the
        // follower has open is now .2, and .1 is one it never saw.
        var expected: [Int] = []
        for seq in 0..<13 {
            log.record(Event(named: "x", fields: ["seq": String(seq)]))
            expected.append(seq)
        }
        #expect(EventLogReader(url: log.url).files().count == 3)
        let seen = try follower.poll().compactMap { Event(jsonLine: $0)?.fields?["seq"].flatMap { Int($0) } }
        #expect(seen == expected)
    }

    @Test func followStartsOverAfterTruncation() throws {
        let dir = TemporaryDirectory("events")
        let log = try EventLog(directory: dir.url)
        log.record(Event(named: "one"))
        log.record(Event(named: "two"))
        let follower = EventLogFollower(url: log.url)
        #expect(try follower.poll().count == 2)
        #expect(truncate(log.url.path, 0) == 0)
        log.record(Event(named: "three"))
        #expect(try follower.poll().compactMap { Event(jsonLine: $0)?.event } == ["three"])
    }

    @Test func followFromTheEndSkipsWhatIsThere() throws {
        let dir = TemporaryDirectory("events")
        let log = try EventLog(directory: dir.url)
        log.record(Event(named: "old"))
        let follower = EventLogFollower(url: log.url, startAtEnd: true)
        #expect(try follower.poll().isEmpty)
        log.record(Event(named: "new"))
        #expect(try follower.poll().compactMap { Event(jsonLine: $0)?.event } == ["new"])
    }

    @Test func followWaitsForALogThatDoesNotExistYet() async throws {
        let dir = TemporaryDirectory("events")
        let url = dir.path("events.jsonl")
        let follower = EventLogFollower(url: url)
        #expect(try follower.poll().isEmpty)
        let writer = Task {
            try await Task.sleep(for: .milliseconds(300))
            let log = try EventLog(directory: dir.url)
            for index in 0..<10 { log.record(Event(named: "late", fields: ["seq": String(index)])) }
        }
        var seen: [String] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while seen.count < 10 && ContinuousClock.now < deadline {
            seen += try await follower.next(every: .milliseconds(20))
        }
        try await writer.value
        #expect(seen.compactMap { Event(jsonLine: $0)?.fields?["seq"] } == (0..<10).map(String.init))
    }

    @Test func aHalfWrittenLineWaitsForItsEnd() throws {
        let dir = TemporaryDirectory("events")
        let url = dir.path("events.jsonl")
        let line = Event(named: "whole", time: fixedTime).jsonLine
        let half = line.utf8.count / 2
        try Data(line.utf8.prefix(half)).write(to: url)
        let follower = EventLogFollower(url: url)
        #expect(try follower.poll().isEmpty)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8.dropFirst(half)) + Data("\n".utf8))
        try handle.close()
        #expect(try follower.poll() == [line])
    }
}
