import Synchronization

/// Photos the machine stopped (a full disk, a read-only file system), each with how often it has
/// been tried since. Each waits 1 s, then twice as long per try up to 30 s, before the agent
/// tries it again: the agent resumes within seconds of space coming back, without the user
/// doing anything and without hammering a disk that stays full (the 10-minute reconcile alone
/// took up to ten minutes).
final class PostponedPhotos: Sendable {
    static let firstWait: Duration = .seconds(1)
    static let longestWait: Duration = .seconds(30)

    private let tries = Mutex<[String: Int]>([:])

    /// Counts one more postponement of the photo at `path`; returns how long it waits now.
    func wait(after path: String) -> Duration {
        let count = tries.withLock { tries -> Int in
            tries[path, default: 0] += 1
            return tries[path]!
        }
        var wait = Self.firstWait
        for _ in 1..<count where wait < Self.longestWait { wait *= 2 }
        return min(wait, Self.longestWait)
    }

    /// The photo got past the machine (or is gone): its next postponement starts over at 1 s.
    func forget(_ path: String) {
        _ = tries.withLock { $0.removeValue(forKey: path) }
    }
}
