import Foundation
import Glibc

/// Tells systemd how the agent is doing, by the sd_notify(3) datagram protocol (no libsystemd):
/// `READY=1` once the first scan is done, `STATUS=` lines `systemctl status` shows, `RELOADING=1`
/// around a SIGHUP, `STOPPING=1` on the way out, and `WATCHDOG=1` pings. Each message is one
/// datagram to the `AF_UNIX` socket named by `NOTIFY_SOCKET`; without it (not started by
/// systemd, or `Type=` is not notify) every call does nothing.
public final class SystemdNotifier: Sendable {
    /// The socket address, ready for `sendto`; nil when there is nowhere to send.
    private let address: [UInt8]?
    /// How often systemd expects a `WATCHDOG=1` at the latest (`WatchdogSec=`), or nil when it
    /// expects none. Ping at half of it, as sd_watchdog_enabled(3) advises.
    public let watchdogInterval: Duration?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        address = environment["NOTIFY_SOCKET"].flatMap(Self.socketAddress)
        watchdogInterval = Self.watchdogInterval(environment: environment, pid: getpid())
    }

    /// True when messages go somewhere (the agent was started by systemd with `Type=notify`).
    public var isActive: Bool { address != nil }

    /// Start-up (or a reload) is complete; `status` says what the agent is doing now.
    public func ready(status: String? = nil) {
        send(["READY=1"] + (status.map { ["STATUS=" + Self.oneLine($0)] } ?? []))
    }

    /// A line for `systemctl status` (photos queued, in flight, done).
    public func status(_ text: String) {
        send(["STATUS=" + Self.oneLine(text)])
    }

    /// The agent is re-reading its configuration; `ready(status:)` ends it. The monotonic time is
    /// what lets systemd (since 253) tell this reload from an earlier one.
    public func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let microseconds = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
        send(["RELOADING=1", "MONOTONIC_USEC=\(microseconds)"])
    }

    /// The agent is shutting down (photos in flight are finishing).
    public func stopping() {
        send(["STOPPING=1"])
    }

    /// The agent is alive; systemd restarts it when a ping is `watchdogInterval` late.
    public func watchdog() {
        send(["WATCHDOG=1"])
    }

    /// Sends `assignments` (`KEY=value`) as one datagram. Returns false when nothing was sent; a
    /// message that cannot be delivered must never stop the agent, so it is not an error.
    @discardableResult
    public func send(_ assignments: [String]) -> Bool {
        guard let address else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let message = Array(assignments.joined(separator: "\n").utf8)
        let sent = message.withUnsafeBytes { body in
            address.withUnsafeBytes { raw in
                raw.withMemoryRebound(to: sockaddr.self) { target in
                    // MSG_NOSIGNAL: a socket systemd has closed must not kill us with SIGPIPE.
                    sendto(fd, body.baseAddress, body.count, Int32(MSG_NOSIGNAL), target.baseAddress, socklen_t(raw.count))
                }
            }
        }
        return sent == message.count
    }

    /// `sockaddr_un` bytes for a `NOTIFY_SOCKET` value: an absolute path, or `@name` for a socket
    /// in the abstract namespace (a leading NUL byte instead of the `@`, and no terminating NUL,
    /// because the address length, not a NUL, ends an abstract name). Anything else (a relative
    /// path, `vsock:`, a name too long) is not a socket we can reach: nil.
    static func socketAddress(_ value: String) -> [UInt8]? {
        var name = Array(value.utf8)
        switch name.first {
        case UInt8(ascii: "/"): name.append(0)
        case UInt8(ascii: "@"): name[0] = 0
        default: return nil
        }
        guard name.count >= 2 else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
        guard name.count <= MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        var bytes = withUnsafeBytes(of: &address) { Array($0.prefix(pathOffset)) }
        bytes += name
        return bytes
    }

    /// `WATCHDOG_USEC` in microseconds, if `WATCHDOG_PID` is unset or names this process (a
    /// watchdog meant for a parent must not be answered by a child).
    static func watchdogInterval(environment: [String: String], pid: pid_t) -> Duration? {
        if let owner = environment["WATCHDOG_PID"], pid_t(owner) != pid { return nil }
        guard let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0 else { return nil }
        return .microseconds(microseconds)
    }

    /// A status is one assignment: a newline in it (from a file name, say) would start another.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
