import Foundation
import Glibc

/// One agent per root and per state folder: an exclusive `flock` on `<root>/.hotfolders.lock`
/// and on `<state>/agent.lock`, held for the agent's life and released by the kernel even on
/// kill -9. The root's lock is what keeps two configurations with different state folders off
/// one root (each would process every photo again into the same outbox); the state's keeps two
/// roots off one catalog. Each file says who holds it (pid, config file, state folder), so the
/// one refused can say whom to stop. `process` checks them, so a batch run and a running agent
/// never work on the same inbox at once.
public final class AgentLock: Sendable {
    private let descriptors: [Int32]

    /// The agent holding a lock, as its lock file says.
    public struct Holder: Sendable, Equatable, CustomStringConvertible {
        public var pid: Int32?
        /// The configuration file it runs with (nil when it was built in code).
        public var config: String?
        /// Its state folder.
        public var state: String?

        public var description: String {
            var parts: [String] = []
            if let pid { parts.append("pid \(pid)") }
            if let config { parts.append("config \(config)") }
            return parts.isEmpty ? "" : "(\(parts.joined(separator: ", ")))"
        }
    }

    /// Another agent already runs on this root or this state folder.
    public struct Held: Error, Sendable, CustomStringConvertible {
        public var holder: Holder
        /// "root /srv/photos" or "state folder /home/ann/.local/state/hotfolders".
        public var place: String

        public var description: String {
            "another hotfolders agent is already running on \(place) \(holder)"
                .trimmingCharacters(in: .whitespaces)
        }
    }

    /// Takes both locks (root first) or throws `AgentLock.Held` naming the agent that has one.
    public static func acquire(root: URL, state: URL, config: URL?) throws -> AgentLock {
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let text = "\(getpid())\n\(config?.standardizedFileURL.path ?? "")\n\(state.standardizedFileURL.path)\n"
        let rootLock = try take(rootLockPath(root), place: "root \(root.standardizedFileURL.path)", text: text)
        do {
            let stateLock = try take(stateLockPath(state), place: "state folder \(state.standardizedFileURL.path)", text: text)
            return AgentLock(descriptors: [rootLock, stateLock])
        } catch {
            close(rootLock)
            throw error
        }
    }

    /// The agent running on this root or this state folder (root first), as the refusal
    /// `acquire` would throw; nil when neither lock is held.
    public static func running(root: URL, state: URL) -> Held? {
        if let holder = holder(root: root) { return Held(holder: holder, place: "root \(root.standardizedFileURL.path)") }
        if let holder = holder(state: state) { return Held(holder: holder, place: "state folder \(state.standardizedFileURL.path)") }
        return nil
    }

    /// The agent running on `root`, or nil when none holds its lock.
    private static func holder(root: URL) -> Holder? { holder(at: rootLockPath(root)) }

    /// The agent running on `state`, or nil when none holds its lock.
    public static func holder(state: URL) -> Holder? { holder(at: stateLockPath(state)) }

    private init(descriptors: [Int32]) { self.descriptors = descriptors }

    deinit {
        for fd in descriptors {
            flock(fd, LOCK_UN)
            close(fd)
        }
    }

    static func rootLockPath(_ root: URL) -> String { root.appendingPathComponent(".hotfolders.lock").path }
    static func stateLockPath(_ state: URL) -> String { state.appendingPathComponent("agent.lock").path }

    private static func take(_ path: String, place: String, text: String) throws -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemError("open", path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = read(fd)
            close(fd)
            throw Held(holder: holder, place: place)
        }
        ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        return fd
    }

    private static func holder(at path: String) -> Holder? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        return read(fd)
    }

    /// "pid\nconfig\nstate\n"; a lock written by an older agent holds the pid only.
    private static func read(_ fd: Int32) -> Holder {
        var buffer = [UInt8](repeating: 0, count: 8192)
        let count = max(0, pread(fd, &buffer, buffer.count - 1, 0))
        let lines = String(decoding: buffer[0..<count], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        func line(_ index: Int) -> String? { index < lines.count && !lines[index].isEmpty ? lines[index] : nil }
        return Holder(pid: line(0).flatMap { Int32($0) }, config: line(1), state: line(2))
    }
}
