/// How often and how patiently a request is tried again after a transient failure: exponential
/// backoff with jitter (so many clients coming back after an outage do not all knock at once),
/// bounded both in count and in the longest wait.
struct RetryPolicy: Sendable {
    /// Tries after the first.
    var retries: Int
    var base: Duration = .milliseconds(500)
    var cap: Duration = .seconds(20)

    /// The wait before try `attempt + 1` (0-based): half of `base * 2^attempt` (capped) for sure,
    /// the other half at random ("equal jitter": never zero, never in lock-step).
    func delay(afterAttempt attempt: Int) -> Duration {
        let full = min(cap, base * (1 << min(attempt, 20)))
        let half = full / 2
        let random = Double.random(in: 0...1)
        return half + half * random
    }

    /// Runs `body`, again after a transient `DeployError` while tries are left; `onRetry` hears
    /// each one. Stops early (rethrowing) when the task is cancelled.
    func run<T>(_ body: () throws(DeployError) -> T,
                onRetry: (DeployError, _ attempt: Int, _ wait: Duration) -> Void = { _, _, _ in }) async throws(DeployError) -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch where error.isTransient && attempt < retries && !Task.isCancelled {
                let wait = delay(afterAttempt: attempt)
                onRetry(error, attempt + 1, wait)
                try? await Task.sleep(for: wait)
                if Task.isCancelled { throw error }
                attempt += 1
            }
        }
    }

    /// How long a photo left pending after a failed pass waits before the next pass tries it:
    /// 30-60 s after the first, doubling per failed pass, at most 15 minutes.
    static func passDelay(afterFailedPasses passes: Int) -> Duration {
        RetryPolicy(retries: 0, base: .seconds(60), cap: .seconds(900)).delay(afterAttempt: max(0, passes - 1))
    }
}
