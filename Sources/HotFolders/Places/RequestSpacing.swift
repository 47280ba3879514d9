import Foundation
import Synchronization

/// Keeps requests to one service at least `interval` apart across the whole process, however
/// many photos are in flight: a caller goes when the interval since the last one has passed,
/// and otherwise sleeps until then and looks again.
/// Also remembers when the service was last unreachable, so a batch does not wait on a dead
/// server for every photo.
final class RequestSpacing: Sendable {
    let interval: Duration
    private let next = Mutex<ContinuousClock.Instant?>(nil)
    private let outages = Mutex<[String: ContinuousClock.Instant]>([:])

    init(interval: Duration) { self.interval = interval }

    /// Nominatim's usage policy: "an absolute maximum of 1 request per second".
    static let nominatim = RequestSpacing(interval: .seconds(1))
    /// How long a service that could not be reached is left alone.
    static let outagePause: Duration = .seconds(60)

    /// Returns when this caller may send: at least `interval` after the previous caller was
    /// let through. The time is taken when the turn is granted, not when it was booked, so
    /// callers that wake late (a busy machine) still go out one by one. Returns the instant the
    /// turn was granted, or nil when the task was cancelled while waiting (the agent stopping):
    /// then nothing may be sent.
    @discardableResult
    func waitForTurn() async -> ContinuousClock.Instant? {
        while true {
            let now = ContinuousClock.now
            let wait = next.withLock { next -> Duration? in
                if let due = next, now < due { return due - now }
                next = now + interval
                return nil
            }
            guard let wait else { return now }
            do {
                try await Task.sleep(for: wait)
            } catch {
                return nil
            }
        }
    }

    /// Marks `endpoint` unreachable for `outagePause`.
    func recordOutage(of endpoint: String) {
        outages.withLock { $0[endpoint] = ContinuousClock.now + Self.outagePause }
    }

    /// Whether `endpoint` failed recently enough to skip it.
    func isResting(_ endpoint: String) -> Bool {
        outages.withLock { outages in
            guard let until = outages[endpoint] else { return false }
            if ContinuousClock.now < until { return true }
            outages[endpoint] = nil
            return false
        }
    }
}
