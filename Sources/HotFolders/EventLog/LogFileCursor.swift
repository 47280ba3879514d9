import Glibc

/// An open log file read line by line from where it was last read: the part of `tail -f` that
/// reads. A last line without its newline yet is held back until the rest arrives.
final class LogFileCursor {
    let path: String
    private let fd: Int32
    private(set) var offset: Int64 = 0
    private var pending: [UInt8] = []
    let device: UInt64
    let inode: UInt64

    /// Nil when there is no file at `path` (yet).
    init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0 else { close(fd); return nil }
        self.path = path
        self.fd = fd
        self.device = UInt64(info.st_dev)
        self.inode = UInt64(info.st_ino)
    }

    deinit { close(fd) }

    /// Hands over each complete line available now, without its newline, in order.
    func readLines(_ body: (String) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(offset)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError("read", path)
            }
            if count == 0 { return }
            offset += Int64(count)
            var start = 0
            for index in 0..<count where buffer[index] == 0x0A {
                if pending.isEmpty {
                    try body(String(decoding: buffer[start..<index], as: UTF8.self))
                } else {
                    pending += buffer[start..<index]
                    let line = String(decoding: pending, as: UTF8.self)
                    pending.removeAll(keepingCapacity: true)
                    try body(line)
                }
                start = index + 1
            }
            pending += buffer[start..<count]
        }
    }

    /// The held-back last line, for a file nothing more will be written to.
    func takeRest() -> String? {
        defer { pending.removeAll() }
        return pending.isEmpty ? nil : String(decoding: pending, as: UTF8.self)
    }

    /// Skips what is in the file now.
    func seekToEnd() {
        var info = stat()
        if fstat(fd, &info) == 0 { offset = Int64(info.st_size) }
        pending.removeAll()
    }

    /// The file is now shorter than what was read (`truncate`, `> events.jsonl`).
    var wasTruncated: Bool {
        var info = stat()
        return fstat(fd, &info) == 0 && Int64(info.st_size) < offset
    }

    func rewind() {
        offset = 0
        pending.removeAll()
    }

    /// Whether `path` names this very file still (not a newer one after rotation).
    var isCurrent: Bool? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }
}
