import Foundation
import Logging
@testable import HotFolders

/// A root and state folder in a temp dir, with helpers to drop photos and read what happened.
/// The root exists from the start, as a user's does (a missing root is refused unless the
/// configuration says `create_root = true`); state is made on first use.
final class TestWorkspace: @unchecked Sendable {
    let dir: TemporaryDirectory
    var configuration: Configuration

    init(_ label: String = "ws", workers: Int = 2, defaults: AlbumSettings = AlbumSettings()) {
        dir = TemporaryDirectory(label)
        dir.folder("root")
        configuration = Configuration(root: dir.path("root"), state: dir.path("state"), workers: workers, defaults: defaults)
    }

    var layout: Layout { configuration.layout }
    var root: URL { layout.root }

    func open() throws -> Workspace {
        try ImageLibrary.start()
        return try Workspace(configuration, logger: Logger(label: "test"))
    }

    /// Copies `file` into `inbox/<album>/` (under `name` if given) and returns the copy.
    @discardableResult
    func drop(_ file: URL, album: String, as name: String? = nil) throws -> URL {
        let folder = layout.inbox(album: album)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = folder.appendingPathComponent(name ?? file.lastPathComponent)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: file, to: target)
        return target
    }

    /// Writes `hotfolders.toml` for this workspace (its root and state, `workers`, then `toml`:
    /// top-level keys first, then tables), the file the `hotfolders` binary and `AgentProcess`
    /// read, and returns it.
    @discardableResult
    func writeConfig(_ toml: String = "", workers: Int = 2) throws -> URL {
        let url = dir.path("hotfolders.toml")
        try """
            root = \(TOMLReader.quoted(root.path))
            state = \(TOMLReader.quoted(configuration.state.path))
            workers = \(workers)

            """.appending(toml).write(to: url, atomically: false, encoding: .utf8)
        return url
    }

    /// Runs `hotfolders process` in-process over the inbox (or the given paths).
    @discardableResult
    func process(_ paths: [URL]? = nil, album: String? = nil) async throws -> (BatchSummary, [(Arrival, PhotoOutcome)]) {
        let workspace = try open()
        let stream: ArrivalStream = paths.map { .paths($0, album: album, layout: layout) } ?? .inbox(layout)
        var outcomes: [(Arrival, PhotoOutcome)] = []
        let summary = await Batch(pipeline: workspace.pipeline, workers: configuration.workers)
            .run(stream) { outcomes.append(($0, $1)) }
        return (summary, outcomes)
    }

    /// Every regular file below `folder` (relative paths, sorted), dotfiles included.
    func files(in folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var names: [String] = []
        let base = folder.standardizedFileURL.path + "/"
        for case let url as URL in walker {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                names.append(String(url.standardizedFileURL.path.dropFirst(base.count)))
            }
        }
        return names.sorted()
    }

    /// The event log's lines, parsed.
    func events() -> [[String: Any]] {
        let url = configuration.state.appendingPathComponent("events.jsonl")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    func events(_ name: String) -> [[String: Any]] { events().filter { $0["event"] as? String == name } }
}

/// SHA-256 of a file's bytes, hex.
func sha256(of url: URL) throws -> String {
    try Inspection.of(url).sha256
}

/// The leading bytes of a file.
func magic(of url: URL, count: Int = 12) -> [UInt8] {
    guard let handle = FileHandle(forReadingAtPath: url.path) else { return [] }
    defer { try? handle.close() }
    return Array(handle.readData(ofLength: count))
}
