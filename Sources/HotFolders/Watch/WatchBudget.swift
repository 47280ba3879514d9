import Foundation

/// How many inotify watches this user may have, so the agent can warn before new albums start
/// falling back to polling. The kernel caps watches per user (`fs.inotify.max_user_watches`) and,
/// inside a user namespace (a container), per namespace as well (`user.max_inotify_watches`):
/// whichever is lower is the one that refuses.
public struct WatchBudget: Sendable, Equatable {
    public var limit: Int

    /// The share of `limit` in use at which the agent warns.
    static let warningShare = 0.9

    public init(limit: Int) {
        self.limit = limit
    }

    /// The budget as the kernel sets it now; nil when neither file can be read.
    public static func current() -> WatchBudget? {
        let limits = ["/proc/sys/fs/inotify/max_user_watches", "/proc/sys/user/max_inotify_watches"].compactMap { path in
            (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        return limits.filter { $0 > 0 }.min().map(WatchBudget.init)
    }

    /// Watches in use from which a warning is due (90% of the limit, rounded up).
    public var warningThreshold: Int { Int((Double(limit) * Self.warningShare).rounded(.up)) }

    /// `watches` folders watched by the agent, plus the one its inotify instance uses to be woken.
    public func isNearlySpent(watching watches: Int) -> Bool { watches + 1 >= warningThreshold }
}
