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
        observe(url, look: Look.of(url), settle: settle, now: now)
    }

    /// The same with the first look already taken, so the caller can take it outside its lock.
    mutating func observe(_ url: URL, look: Look?, settle: Duration, now: ContinuousClock.Instant) {
        pending[url.path] = Pending(url: url, quietSince: now, look: look, settle: settle)
    }

    /// When the soonest quiet period ends, or nil when nothing is pending: the settle stage
    /// sleeps until then instead of looking at a fixed tick.
    var nextDue: ContinuousClock.Instant? {
        pending.values.lazy.map { $0.quietSince + $0.settle }.min()
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
        for entry in takeDue(now: now) {
            switch Self.judge(entry) {
            case .ready: ready.append(entry.url)
            case .vanished: break
            case .changed(let look): rewait(entry, look: look, now: now)
            }
        }
        return ready.sorted { $0.path < $1.path }
    }

    /// Takes off the board every file whose quiet period is over by `now`, to be judged (a
    /// second look, outside any lock) and either taken or put back with `rewait`.
    mutating func takeDue(now: ContinuousClock.Instant) -> [Pending] {
        let due = pending.values.filter { now - $0.quietSince >= $0.settle }
        for entry in due { pending[entry.url.path] = nil }
        return due
    }

    /// Puts back a file that changed during its quiet period, for another one; unless an event
    /// about it came while it was being looked at, which started a newer wait already.
    mutating func rewait(_ entry: Pending, look: Look, now: ContinuousClock.Instant) {
        guard pending[entry.url.path] == nil else { return }
        var entry = entry
        entry.look = look
        entry.quietSince = now
        pending[entry.url.path] = entry
    }

    enum Verdict: Equatable {
        case ready
        case vanished
        case changed(Look)
    }

    /// The second look at a file whose quiet period is over.
    static func judge(_ entry: Pending) -> Verdict {
        guard let look = Look.of(entry.url) else { return .vanished }
        return look == entry.look ? .ready : .changed(look)
    }
}
