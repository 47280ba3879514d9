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

    /// The text for one line of the log (no newline), or nil when it is filtered out or not an
    /// event at all (a line torn by a crash or a full disk in an older log): `--json` output
    /// must stay one parseable object per line for whatever reads it.
    public func render(_ line: String) -> String? {
        if line.isEmpty { return nil }
        guard let event = Event(jsonLine: line), filter.matches(event) else { return nil }
        return json ? line : formatter.format(event)
    }
}
