import Foundation

/// What `hotfolders log` prints for each raw line: filtered by album and level, then either
/// passed through as JSON or made pretty.
public struct EventLogView: Sendable {
    public var filter: EventFilter
    /// Print the lines as they are (still filtered).
    public var json: Bool
    public var formatter: EventFormatter

    public init(filter: EventFilter = EventFilter(), json: Bool = false, formatter: EventFormatter = EventFormatter()) {
        self.filter = filter
        self.json = json
        self.formatter = formatter
    }

    /// The text for one line of the log (no newline), or nil when it is filtered out or, when
    /// pretty-printing or filtering, not an event at all. Unfiltered `--json` passes every whole
    /// JSON object through untouched but not a line torn by a crash or a full disk (an older
    /// log may hold one): what reads the output must get one parseable object per line.
    public func render(_ line: String) -> String? {
        if line.isEmpty { return nil }
        if json && filter.passesEverything { return EventLogView.isJSONObject(line) ? line : nil }
        guard let event = Event(jsonLine: line), filter.matches(event) else { return nil }
        return json ? line : formatter.format(event)
    }

    private static func isJSONObject(_ line: String) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any]
    }
}
