import ArgumentParser
import Foundation
import Glibc
import HotFolders

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "The event log, pretty and coloured on a terminal.")

    @OptionGroup var global: GlobalOptions

    @Flag(name: [.customShort("f"), .long], help: "Keep printing events as they are written, across rotations.")
    var follow = false

    @Option(name: .long, help: ArgumentHelp("Only events of this album.", valueName: "album"))
    var album: String?

    @Option(name: .long, help: ArgumentHelp("Only events at this level or above: debug, info, warning, error.", valueName: "level"))
    var level: String?

    @Flag(name: .long, help: "Print the JSON lines as they are in the log.")
    var json = false

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp("Only the last N events (default: all; 10 with --follow).", valueName: "N"))
    var lines: Int?

    func validate() throws {
        if let level, Event.Level(rawValue: level) == nil {
            throw ValidationError("--level must be one of: \(Event.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let lines, lines < 0 { throw ValidationError("--lines must be 0 or more") }
    }

    func run() async throws {
        let configuration = try global.loadConfiguration()
        let url = configuration.state.appendingPathComponent("events.jsonl")
        let environment = ProcessInfo.processInfo.environment
        let colour = isatty(STDOUT_FILENO) != 0 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        let view = EventLogView(filter: EventFilter(album: album, minimumLevel: level.flatMap(Event.Level.init) ?? .debug),
                                json: json, formatter: EventFormatter(colour: colour))

        if follow {
            let follower = EventLogFollower(url: url)
            var shown = try follower.poll().compactMap(view.render)
            shown = Array(shown.suffix(lines ?? 10))
            while true {
                emit(shown)
                shown = try await follower.next().compactMap(view.render)
            }
        }

        let reader = EventLogReader(url: url)
        guard let limit = lines else {
            var batch: [String] = []
            try reader.forEachLine { line in
                if let text = view.render(line) { batch.append(text) }
                if batch.count >= 1024 { emit(batch); batch.removeAll(keepingCapacity: true) }
            }
            emit(batch)
            return
        }
        var last = LastLines(limit)
        try reader.forEachLine { line in
            if let text = view.render(line) { last.add(text) }
        }
        emit(last.lines)
    }

    /// Writes lines straight to stdout, so a `-f` in a pipe shows each batch at once.
    private func emit(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}

/// The last `limit` of a stream of lines, kept in a ring so a long log needs no more memory.
private struct LastLines {
    let limit: Int
    private var ring: [String] = []
    private var next = 0

    init(_ limit: Int) { self.limit = limit }

    mutating func add(_ line: String) {
        guard limit > 0 else { return }
        if ring.count < limit { ring.append(line) } else { ring[next] = line }
        next = (next + 1) % limit
    }

    var lines: [String] { ring.count < limit ? ring : Array(ring[next...] + ring[..<next]) }
}
