import Foundation

/// What a running agent is doing right now, written to `<state>/agent.json` about once a second
/// so `hotfolders status` (another process) can show what is settling, queued and in flight.
public struct AgentSnapshot: Codable, Sendable, Equatable {
    public var pid: Int32
    public var started: String
    public var updated: String
    /// Files waiting to be quiet and stable.
    public var settling: Int
    /// Settled files waiting for a free worker.
    public var queued: Int
    /// Photos being processed now (album/name).
    public var inFlight: [String]
    public var processed: Int
    public var failed: Int
    /// How each album is watched: "inotify", "poll (nfs)", ...
    public var albums: [String: String]
    /// Why it takes no photo now (root unmounted, catalog damaged), or nil.
    public var paused: String?

    enum CodingKeys: String, CodingKey {
        case pid, started, updated, settling, queued, processed, failed, albums, paused
        case inFlight = "in_flight"
    }

    static func url(state: URL) -> URL { state.appendingPathComponent("agent.json") }

    /// The snapshot of the agent running on `state`, or nil when none runs (a stale file left by
    /// a killed agent is ignored: the lock tells).
    public static func read(state: URL) -> AgentSnapshot? {
        guard AgentLock.holder(state: state) != nil,
              let data = try? Data(contentsOf: url(state: state)) else { return nil }
        return try? JSONDecoder().decode(AgentSnapshot.self, from: data)
    }

    func write(state: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let folder = try Folder.open(state)
        try folder.writeDurably("agent.json", bytes: Array(try encoder.encode(self)))
    }

    /// Lines for `hotfolders status`.
    public var lines: [String] {
        var lines = ["Agent running (pid \(pid), since \(started)): \(settling) settling, \(queued) queued, "
            + "\(inFlight.count) in flight; \(processed) processed, \(failed) failed since start."]
        if let paused { lines.append("  PAUSED: \(paused)") }
        for file in inFlight.sorted() { lines.append("  processing \(file)") }
        for (album, mode) in albums.sorted(by: { $0.key < $1.key }) where mode != "inotify" {
            lines.append("  \(album): \(mode)")
        }
        return lines
    }
}
