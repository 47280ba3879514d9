import Foundation

// STUB: signatures pinned for the pipeline; the event-log helper replaces the bodies.

/// The JSON-lines record of everything that happened (`<state>/events.jsonl`), one object per
/// line, written whole and flushed per line so `tail -f` works, rotated by size between lines.
public final class EventLog: Sendable {
    public let url: URL
    public init(directory: URL, maxBytes: Int64 = 10 << 20, keep: Int = 5) throws {
        self.url = directory.appendingPathComponent("events.jsonl"); fatalError("todo")
    }
    /// Appends one line. Never throws: a log that cannot be written must not stop a photo;
    /// the failure goes to stderr instead.
    public func record(_ event: Event) { fatalError("todo") }
}
