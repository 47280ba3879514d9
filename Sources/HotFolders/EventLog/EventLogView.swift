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
    /// pretty-printing or filtering, not an event at all.
    public func render(_ line: String) -> String? {
        if line.isEmpty { return nil }
        if json && filter.passesEverything { return line }
        guard let event = Event(jsonLine: line), filter.matches(event) else { return nil }
        return json ? line : formatter.format(event)
    }
}
