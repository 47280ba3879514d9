import Foundation
import Glibc
import Testing
@testable import HotFolders

/// sd_notify without libsystemd: real datagram sockets (a path and an abstract name) stand in
/// for systemd, and each message must arrive as one datagram with exactly the expected bytes.
@Suite struct SystemdNotifierTests {
    @Test func messagesArriveAtASocketPath() throws {
        let dir = TemporaryDirectory("notify")
        let listener = try NotifyListener(path: dir.path("notify.sock").path)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.name])
        #expect(notifier.isActive)

        notifier.ready(status: "watching 3 albums")
        #expect(try listener.receive() == "READY=1\nSTATUS=watching 3 albums")
        notifier.status("2 queued, 1 in flight, 40 done")
        #expect(try listener.receive() == "STATUS=2 queued, 1 in flight, 40 done")
        notifier.watchdog()
        #expect(try listener.receive() == "WATCHDOG=1")
        notifier.stopping()
        #expect(try listener.receive() == "STOPPING=1")
        notifier.ready()
        #expect(try listener.receive() == "READY=1")
    }

    @Test func messagesArriveAtAnAbstractSocket() throws {
        let listener = try NotifyListener(abstract: "hotfolders-test-\(UUID().uuidString)")
        #expect(listener.name.hasPrefix("@"))
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.name])

        notifier.ready(status: "ready")
        #expect(try listener.receive() == "READY=1\nSTATUS=ready")
        notifier.stopping()
        #expect(try listener.receive() == "STOPPING=1")
    }

    @Test func reloadingCarriesTheMonotonicClock() throws {
        let dir = TemporaryDirectory("notify")
        let listener = try NotifyListener(path: dir.path("notify.sock").path)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.name])

        let before = Self.monotonicMicroseconds()
        notifier.reloading()
        let after = Self.monotonicMicroseconds()

        let lines = try listener.receive().split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines[0] == "RELOADING=1")
        let stamp = lines.last.flatMap { $0.hasPrefix("MONOTONIC_USEC=") ? UInt64($0.dropFirst(15)) : nil }
        #expect(stamp.map { before <= $0 && $0 <= after } == true, "\(lines) between \(before) and \(after)")
    }

    @Test func aStatusCannotForgeAnotherAssignment() throws {
        let dir = TemporaryDirectory("notify")
        let listener = try NotifyListener(path: dir.path("notify.sock").path)
        SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.name]).status("failed: evil\nREADY=1.jpg")
        #expect(try listener.receive() == "STATUS=failed: evil READY=1.jpg")
    }

    @Test func withoutNotifySocketNothingIsSent() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isActive)
        #expect(notifier.watchdogInterval == nil)
        #expect(!notifier.send(["READY=1"]))
        notifier.ready(status: "x")
        notifier.stopping()
    }

    @Test func unusableSocketNamesAreIgnored() {
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": ""]).isActive)
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": "relative/notify"]).isActive)
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": "@"]).isActive)
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": "vsock:2:1234"]).isActive)
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": "/" + String(repeating: "x", count: 200)]).isActive)
        // A socket path with nothing listening: the message is lost, and that is no error.
        let gone = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent/notify.sock"])
        #expect(gone.isActive)
        #expect(!gone.send(["READY=1"]))
    }

    @Test func theWatchdogIntervalComesFromTheEnvironment() {
        let pid = getpid()
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "60000000"]).watchdogInterval == .seconds(60))
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "\(pid)"]).watchdogInterval == .seconds(60))
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "\(pid + 1)"]).watchdogInterval == nil,
                "a watchdog meant for another process")
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "0"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "soon"]).watchdogInterval == nil)
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "1500"], pid: 7) == .microseconds(1500))
    }

    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }
}

/// A bound `AF_UNIX` datagram socket playing systemd's part. Its address is built here, not with
/// the notifier's code, so the two must agree on the wire format to meet.
private final class NotifyListener {
    let fd: Int32
    /// The `NOTIFY_SOCKET` value that reaches it.
    let name: String

    convenience init(path: String) throws {
        try self.init(name: path, sunPath: Array(path.utf8) + [0])
    }

    convenience init(abstract: String) throws {
        try self.init(name: "@" + abstract, sunPath: [0] + Array(abstract.utf8))
    }

    private init(name: String, sunPath: [UInt8]) throws {
        self.name = name
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError("create a socket for", name) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            for (index, byte) in sunPath.enumerated() { path[index] = byte }
        }
        // The length ends an abstract name: exactly the family plus the bytes used.
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + sunPath.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw SystemError("bind", name) }
        // Generous: a missing message fails the test after 10 s instead of hanging it.
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// The next datagram, whole.
    func receive() throws -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { throw SystemError("receive on", name) }
        return String(decoding: buffer.prefix(count), as: UTF8.self)
    }
}
