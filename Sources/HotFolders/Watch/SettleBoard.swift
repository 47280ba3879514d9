import Foundation
import Glibc
import HeapModule

/// Decides when a file has completely arrived. Every event about a path restarts its quiet
/// period and takes a first look (size, mtime, inode); once the path has been quiet for its
/// album's `settle`, a second look must match the first. A file still growing gets a new look
/// and another quiet period, so nothing is ever taken half-written by a slow copy.
///
/// The ends of the waits are kept in a heap: the settle stage asks for the soonest, and takes
/// what is due, in O(log n) per file, so a burst of 20,000 files costs no scans of the board.
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
        /// Which of the path's waits this is: an older one's entry in `dues` is stale.
        var serial: UInt64 = 0

        var due: ContinuousClock.Instant { quietSince + settle }
    }

    /// When one wait ends. Entries are never removed from the heap but passed over when they
    /// come up: the path was observed again (a newer serial), taken, or forgotten.
    struct Due: Comparable {
        var at: ContinuousClock.Instant
        var serial: UInt64
        var path: String

        static func < (a: Due, b: Due) -> Bool { (a.at, a.serial) < (b.at, b.serial) }
    }

    private(set) var pending: [String: Pending] = [:]
    private var dues = Heap<Due>()
    private var serial: UInt64 = 0

    var count: Int { pending.count }

    func contains(_ url: URL) -> Bool { pending[url.path] != nil }

    /// Something happened to `url` (or it was found by a scan): start, or restart, its wait.
    mutating func observe(_ url: URL, settle: Duration, now: ContinuousClock.Instant) {
        observe(url, look: Look.of(url), settle: settle, now: now)
    }

    /// The same with the first look already taken, so the caller can take it outside its lock.
    mutating func observe(_ url: URL, look: Look?, settle: Duration, now: ContinuousClock.Instant) {
        enter(Pending(url: url, quietSince: now, look: look, settle: settle))
    }

    private mutating func enter(_ entry: Pending) {
        var entry = entry
        serial += 1
        entry.serial = serial
        pending[entry.url.path] = entry
        dues.insert(Due(at: entry.due, serial: serial, path: entry.url.path))
    }

    /// When the soonest quiet period ends, or nil when nothing is pending: the settle stage
    /// sleeps until then instead of looking at a fixed tick.
    var nextDue: ContinuousClock.Instant? {
        // A stale entry on top only makes the stage wake early once; `takeDue` drops it.
        pending.isEmpty ? nil : dues.min?.at
    }

    /// Forgets every pending path inside `folder` (it was deleted or moved away).
    mutating func forget(under folder: URL) {
        let prefix = folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
        pending = pending.filter { !$0.key.hasPrefix(prefix) }
        if pending.isEmpty { dues = Heap() }
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
        var due: [Pending] = []
        while let soonest = dues.min, soonest.at <= now {
            dues.removeMin()
            guard let entry = pending[soonest.path], entry.serial == soonest.serial else { continue }
            pending[soonest.path] = nil
            due.append(entry)
        }
        if pending.isEmpty { dues = Heap() }
        return due
    }

    /// Puts back a file that changed during its quiet period, for another one; unless an event
    /// about it came while it was being looked at, which started a newer wait already.
    mutating func rewait(_ entry: Pending, look: Look, now: ContinuousClock.Instant) {
        guard pending[entry.url.path] == nil else { return }
        var entry = entry
        entry.look = look
        entry.quietSince = now
        enter(entry)
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
