import Foundation

/// Reads the event log back, rotated files included, oldest line first: for `hotfolders log`
/// and for tests. Lines are streamed, never the whole history in memory at once.
public struct EventLogReader: Sendable {
    /// The live file (`events.jsonl`); rotated ones are beside it (`events.jsonl.1`, ...).
    public let url: URL

    public init(url: URL) { self.url = url }
    public init(directory: URL) { self.url = directory.appendingPathComponent("events.jsonl") }

    /// The files of the log that exist, oldest first: `events.jsonl.N` ... `.1`, `events.jsonl`.
    public func files() -> [URL] {
        var rotated: [URL] = []
        var index = 1
        while true {
            let file = URL(fileURLWithPath: "\(url.path).\(index)")
            guard FileManager.default.fileExists(atPath: file.path) else { break }
            rotated.append(file)
            index += 1
        }
        let live = FileManager.default.fileExists(atPath: url.path) ? [url] : []
        return rotated.reversed() + live
    }

    /// Every line of every file, oldest first, without newlines.
    public func forEachLine(_ body: (String) throws -> Void) throws {
        for file in files() {
            guard let cursor = LogFileCursor(path: file.path) else { continue }  // rotated away meanwhile
            try cursor.readLines(body)
            if let rest = cursor.takeRest() { try body(rest) }
        }
    }

    public func lines() throws -> [String] {
        var lines: [String] = []
        try forEachLine { lines.append($0) }
        return lines
    }

    /// Every event, oldest first; lines that are not events are skipped.
    public func events() throws -> [Event] {
        var events: [Event] = []
        try forEachLine { line in
            if let event = Event(jsonLine: line) { events.append(event) }
        }
        return events
    }
}
