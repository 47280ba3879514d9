import Foundation
import Glibc
import Synchronization

/// The JSON-lines record of everything that happened (`<state>/events.jsonl`), one object per
/// line, written whole and flushed per line so `tail -f` works, rotated by size between lines.
///
/// Several processes may write the same log (the agent and a `process` run). Each line goes out
/// in one `write(2)` on an `O_APPEND` descriptor, so lines never interleave. Rotation renames
/// `events.jsonl` to `events.jsonl.1` (shifting older files up to `.keep`); writers hold a shared
/// `flock` on `events.jsonl.lock` while they check and write, the rotating writer an exclusive
/// one, so no line is ever written into a file that is being shifted away.
public final class EventLog: Sendable {
    public let url: URL
    /// A line that would take the file past this size starts a new file (a longer line gets a
    /// file of its own).
    public let maxBytes: Int64
    /// How many rotated files are kept (`events.jsonl.1` ... `events.jsonl.<keep>`).
    public let keep: Int
    let lockURL: URL
    private let state: Mutex<Writer>

    public init(directory: URL, maxBytes: Int64 = 10 << 20, keep: Int = 5) throws {
        self.url = directory.appendingPathComponent("events.jsonl")
        self.lockURL = directory.appendingPathComponent("events.jsonl.lock")
        self.maxBytes = max(1, maxBytes)
        self.keep = max(0, keep)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var writer = Writer(path: url.path, lockPath: lockURL.path)
        try writer.openLog()
        try writer.openLock()
        state = Mutex(writer)
    }

    deinit {
        state.withLock { $0.closeAll() }
    }

    /// Appends one line, whole or not at all. Never throws: a log that cannot be written must
    /// not stop a photo; the failure goes to stderr instead (once, until a line gets through
    /// again). Returns whether the line is in the log, so the catalog can note an outcome whose
    /// event is still owed (logged as `recovered` at the next start).
    @discardableResult
    public func record(_ event: Event) -> Bool {
        var line = event.jsonLineBytes
        line.append(0x0A)
        return state.withLock { writer -> Bool in
            do {
                try writer.append(line, maxBytes: maxBytes, keep: keep)
                writer.failing = false
                return true
            } catch {
                if !writer.failing {
                    writer.failing = true
                    let message = "hotfolders: the event log \(url.path) cannot be written: \(error)\n"
                    _ = message.withCString { Glibc.write(STDERR_FILENO, $0, strlen($0)) }
                }
                return false
            }
        }
    }
}

/// The descriptors behind an `EventLog`, used only under its mutex.
private struct Writer: ~Copyable {
    let path: String
    let lockPath: String
    var fd: Int32 = -1
    var lockFD: Int32 = -1
    var failing = false

    init(path: String, lockPath: String) {
        self.path = path
        self.lockPath = lockPath
    }

    mutating func openLog() throws {
        if fd >= 0 { close(fd) }
        fd = -1
        // Read-write: a short write is checked and taken back through the same descriptor.
        let opened = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw SystemError("open", path) }
        fd = opened
    }

    /// Whether the file is empty or its last byte ends a line.
    private func endsWithNewline() -> Bool {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return true }
        var last: UInt8 = 0
        guard pread(fd, &last, 1, off_t(info.st_size - 1)) == 1 else { return true }
        return last == 0x0A
    }

    mutating func openLock() throws {
        let opened = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw SystemError("open", lockPath) }
        lockFD = opened
    }

    mutating func closeAll() {
        if fd >= 0 { close(fd) }
        if lockFD >= 0 { close(lockFD) }
        fd = -1
        lockFD = -1
    }

    mutating func append(_ line: [UInt8], maxBytes: Int64, keep: Int) throws {
        if lockFD < 0 { try openLock() }
        // Exclusive for the whole append (one line, microseconds): a short write is taken back
        // with no other process able to append between the look at the tail and the cut, and
        // rotation needs no upgrade from a shared lock.
        try lock(LOCK_EX)
        defer { flock(lockFD, LOCK_UN) }

        try reopenIfMoved()
        let length = try size()
        if length > 0 && length + Int64(line.count) > maxBytes {
            try rotate(keep: keep)
        }
        // A torn line left at the end (a short write that could not be taken back, a crash, an
        // older version, another process): this line starts on a line of its own.
        if !endsWithNewline() { try write([0x0A]) }
        try write(line)
    }

    private func lock(_ operation: Int32) throws {
        while flock(lockFD, operation) != 0 {
            guard errno == EINTR else { throw SystemError("lock", lockPath) }
        }
    }

    private func size() throws -> Int64 {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SystemError("inspect", path) }
        return Int64(info.st_size)
    }

    /// Another process rotated the log (or someone removed it): write to the file now at `path`.
    private mutating func reopenIfMoved() throws {
        guard fd >= 0 else { return try openLog() }
        var open = stat()
        var named = stat()
        guard fstat(fd, &open) == 0 else { return try openLog() }
        if stat(path, &named) != 0 || named.st_ino != open.st_ino || named.st_dev != open.st_dev {
            try openLog()
        }
    }

    private mutating func rotate(keep: Int) throws {
        if keep == 0 {
            guard unlink(path) == 0 || errno == ENOENT else { throw SystemError("remove", path) }
        } else {
            // .keep-1 -> .keep (replacing the oldest), ..., .1 -> .2, then the live file -> .1.
            for index in stride(from: keep - 1, through: 1, by: -1) {
                if rename("\(path).\(index)", "\(path).\(index + 1)") != 0 && errno != ENOENT {
                    throw SystemError("rotate", "\(path).\(index)")
                }
            }
            guard rename(path, "\(path).1") == 0 else { throw SystemError("rotate", path) }
        }
        try openLog()
    }

    /// One `write(2)` in practice (a regular file takes the whole buffer); the loop only matters
    /// after a signal or a full disk. A line the disk took only part of is taken back (the file
    /// cut to where it was), so a reader never meets half an event.
    private mutating func write(_ line: [UInt8]) throws {
        var offset = 0
        do {
            try line.withUnsafeBytes { buffer in
                while offset < buffer.count {
                    let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw SystemError("write", path)
                    }
                    offset += written
                }
            }
        } catch {
            if offset > 0 { _ = takeBack(Array(line[0..<offset])) }
            throw error
        }
    }

    /// Cuts a short write off the end of the file, when the end is still those very bytes (a
    /// writer without the lock, an older version, may have appended); otherwise the torn piece
    /// stays and the next line starts on a line of its own.
    private func takeBack(_ piece: [UInt8]) -> Bool {
        var info = stat()
        guard fstat(fd, &info) == 0, Int64(info.st_size) >= Int64(piece.count) else { return false }
        let start = Int64(info.st_size) - Int64(piece.count)
        var tail = [UInt8](repeating: 0, count: piece.count)
        let read = tail.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, piece.count, off_t(start)) }
        guard read == piece.count, tail == piece else { return false }
        return ftruncate(fd, off_t(start)) == 0
    }
}
