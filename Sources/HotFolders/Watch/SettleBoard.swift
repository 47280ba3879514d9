import Foundation
import Glibc

/// Decides when a file has completely arrived. Every event about a path restarts its quiet
/// period and takes a first look (size, mtime, inode); once the path has been quiet for its
/// album's `settle`, a second look must match the first. A file still growing gets a new look
/// and another quiet period, so nothing is ever taken half-written by a slow copy.
struct SettleBoard {
    /// What a file looked like at one moment.
    struct Look: Equatable {
        var size: Int64
        var modified: Int64
        var inode: UInt64

        static func of(_ url: URL) -> Look? {
            var info = stat()
            guard lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
            return Look(size: Int64(info.st_size),
                        modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                        inode: UInt64(info.st_ino))
        }
    }

    struct Pending {
        var url: URL
        var quietSince: ContinuousClock.Instant
        var look: Look?
        var settle: Duration
    }

    private(set) var pending: [String: Pending] = [:]

    var count: Int { pending.count }

    func contains(_ url: URL) -> Bool { pending[url.path] != nil }

    /// Something happened to `url` (or it was found by a scan): start, or restart, its wait.
    mutating func observe(_ url: URL, settle: Duration, now: ContinuousClock.Instant) {
        pending[url.path] = Pending(url: url, quietSince: now, look: Look.of(url), settle: settle)
    }

    /// Forgets every pending path inside `folder` (it was deleted or moved away).
    mutating func forget(under folder: URL) {
        let prefix = folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
        pending = pending.filter { !$0.key.hasPrefix(prefix) }
    }

    /// The files that have settled by `now`; each is removed from the board. Files that vanished
    /// are dropped; files that changed since their last look wait another quiet period.
    mutating func settled(now: ContinuousClock.Instant) -> [URL] {
        var ready: [URL] = []
        for (path, entry) in pending where now - entry.quietSince >= entry.settle {
            guard let look = Look.of(entry.url) else {
                pending[path] = nil
                continue
            }
            if look == entry.look {
                ready.append(entry.url)
                pending[path] = nil
            } else {
                pending[path]?.look = look
                pending[path]?.quietSince = now
            }
        }
        return ready.sorted { $0.path < $1.path }
    }
}
