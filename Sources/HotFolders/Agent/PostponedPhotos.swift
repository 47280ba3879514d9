import Synchronization

/// Photos the machine stopped (a full disk, a read-only file system), each with how often it has
/// been tried since. Each waits 1-2 s, then twice as long per try up to 15-30 s (the deploy's
/// backoff, with its jitter), before the agent
/// tries it again: the agent resumes within seconds of space coming back, without the user
/// doing anything and without hammering a disk that stays full (the 10-minute reconcile alone
/// took up to ten minutes).
final class PostponedPhotos: Sendable {
    static let backoff = RetryPolicy(retries: 0, base: .seconds(2), cap: .seconds(30))

    private let tries = Mutex<[String: Int]>([:])
    /// The free bytes of the disks photos are written to, as when the last photo was postponed:
    /// until one of them has more, a retry would only fail again.
    private let freeWhenFull = Mutex<(free: [UInt64], at: ContinuousClock.Instant)?>(nil)
    /// A photo is tried for real at least this often all the same: a file system that was
    /// read-only, not full, gains no free bytes when it is writable again.
    static let longestSkip: Duration = .seconds(300)

    /// Counts one more postponement of the photo at `path`; returns how long it waits now.
    func wait(after path: String) -> Duration {
        let count = tries.withLock { tries -> Int in
            tries[path, default: 0] += 1
            return tries[path]!
        }
        return Self.backoff.delay(afterAttempt: count - 1)
    }

    /// Whether the photo at `path` was postponed and no disk has gained room since: then it is
    /// looked at again later without being read, decoded and styled only to fail at the write.
    func isStillBlocked(_ path: String, free: [UInt64]) -> Bool {
        guard tries.withLock({ $0[path] != nil }), let before = freeWhenFull.withLock({ $0 }), before.free.count == free.count,
              ContinuousClock.now - before.at < Self.longestSkip
        else { return false }
        return !zip(free, before.free).contains { $0 > $1 }
    }

    /// A photo was postponed with the disks this free.
    func noteFull(free: [UInt64]) { freeWhenFull.withLock { $0 = (free, .now) } }

    /// The photo got past the machine (or is gone): its next postponement starts over at 1 s.
    func forget(_ path: String) {
        _ = tries.withLock { $0.removeValue(forKey: path) }
    }
}
