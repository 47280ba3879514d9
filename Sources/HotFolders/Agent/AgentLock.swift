import Foundation
import Glibc

/// One agent per state folder: an exclusive `flock` on `<state>/agent.lock`, held for the
/// agent's life and released by the kernel even on kill -9. `process` checks it, so a batch
/// run and a running agent never work on the same inbox at once.
public final class AgentLock: Sendable {
    private let fd: Int32

    /// Takes the lock or throws `AgentLock.Held` naming the agent that has it.
    public static func acquire(state: URL) throws -> AgentLock {
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let path = state.appendingPathComponent("agent.lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemError("open", path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let pid = Self.pid(in: fd)
            close(fd)
            throw Held(pid: pid)
        }
        ftruncate(fd, 0)
        let text = "\(getpid())\n"
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        return AgentLock(fd: fd)
    }

    /// The pid of the running agent, or nil when none holds the lock.
    public static func holder(state: URL) -> Int32? {
        let path = state.appendingPathComponent("agent.lock").path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        return pid(in: fd) ?? -1
    }

    private init(fd: Int32) { self.fd = fd }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }

    private static func pid(in fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &buffer, 31, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Another agent already runs on this state folder.
    public struct Held: Error, CustomStringConvertible {
        public var pid: Int32?
        public var description: String {
            "another hotfolders agent is already running on this state folder" + (pid.map { " (pid \($0))" } ?? "")
        }
    }
}
