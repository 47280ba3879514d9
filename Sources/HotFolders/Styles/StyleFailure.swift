/// Why one style of one photo could not be made, in plain words for the photographer
/// (`reason`) with the program's or server's own words (`detail`). Only that style fails: the
/// photo's other results are written all the same.
public struct StyleFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var detail: String?
    /// Worth trying again soon (a timeout, HTTP 429 or 5xx, a lost connection) rather than a
    /// refusal that would come back the same (a failed prediction, a missing output, a bad token).
    public var transient: Bool
    /// How long the server asked us to wait before trying again (`Retry-After`).
    public var retryAfter: Duration?

    public init(_ reason: String, detail: String? = nil, transient: Bool = false, retryAfter: Duration? = nil) {
        self.reason = reason
        self.detail = detail
        self.transient = transient
        self.retryAfter = retryAfter
    }

    public var description: String {
        if let detail, !detail.isEmpty { return "\(reason) (\(detail))" }
        return reason
    }
}

/// How transient failures are tried again: up to `retries` more times, waiting `wait`, then
/// twice that, and so on (at most five minutes), or as long as the server's Retry-After says.
struct StyleRetry: Sendable {
    var retries: Int
    var wait: Duration

    static let longestWait: Duration = .seconds(300)

    /// Runs `attempt` until it succeeds, fails for good, or has no retries left; `attempts`
    /// counts the tries made (for the catalog).
    func run<T>(attempts: inout Int, _ attempt: () async throws -> T) async throws -> T {
        var delay = wait
        while true {
            attempts += 1
            do {
                return try await attempt()
            } catch let failure as StyleFailure where failure.transient && attempts <= retries {
                let pause = min(failure.retryAfter.map { max($0, delay) } ?? delay, Self.longestWait)
                try? await Task.sleep(for: pause)
                delay = min(delay * 2, Self.longestWait)
            }
        }
    }
}
