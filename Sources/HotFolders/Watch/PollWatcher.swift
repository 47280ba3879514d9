import Foundation
import Glibc
import Synchronization

/// Finds new and changed files by walking a folder, for albums where inotify sees nothing:
/// network file systems (a write made on the server or another client raises no event here),
/// `watch = "poll"`, and folders the kernel refused to watch.
///
/// Each poll of a folder walks it (streaming, never following a symlink, passing over ignored
/// names) and reports `.file` for every file that is new or whose size or mtime changed since the
/// previous poll of that folder. The first poll reports everything; the settle stage and the
/// catalog take care of files already done.
public final class PollWatcher: Sendable {
    public let ignoring: IgnoredNames
    /// Per polled folder: relative path -> what the file looked like at the last poll.
    private let snapshots = Mutex<[String: [String: Stamp]]>([:])

    struct Stamp: Equatable, Sendable {
        var size: Int64
        var modifiedNs: Int64
    }

    public init(ignoring: IgnoredNames = IgnoredNames()) {
        self.ignoring = ignoring
    }

    /// Walks `folder` and returns `.file` for what is new or changed since the last poll of it.
    /// Files that vanished are forgotten (so one coming back is new again). The walk happens
    /// outside the lock: polls of different folders do not wait for each other.
    /// Names that are not valid UTF-8 are reported as `.notUTF8` at every poll (the agent says so once).
    public func poll(_ folder: URL) -> [FileEvent] {
        var current: [String: Stamp] = [:]
        var found: [(relative: String, url: URL)] = []
        var refused: [FileEvent] = []
        for entry in FolderWalk(folder, ignoring: ignoring) {
            if case .notUTF8(let url, _, let isFolder) = entry { refused.append(.notUTF8(url, isFolder: isFolder)) }
            guard case .file(let url, let relative) = entry else { continue }
            var info = stat()
            guard lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            current[relative] = Stamp(
                size: Int64(info.st_size),
                modifiedNs: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
            found.append((relative, url))
        }
        let previous = snapshots.withLock { snapshots in
            defer { snapshots[Self.key(folder)] = current }
            return snapshots[Self.key(folder)] ?? [:]
        }
        return refused + found.compactMap { file in
            previous[file.relative] == current[file.relative] ? nil : .file(file.url)
        }
    }

    /// Drops what is known about `folder` (its album was removed, or is watched by inotify again).
    public func forget(_ folder: URL) {
        _ = snapshots.withLock { $0.removeValue(forKey: Self.key(folder)) }
    }

    /// Folders polled now.
    public var folderCount: Int { snapshots.withLock { $0.count } }

    private static func key(_ folder: URL) -> String {
        let path = folder.path
        return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
