import Foundation
import Glibc

/// Reads a file the catalog names (a path relative to root) without following any symlink on
/// the way, as everything else under root is reached: a link planted in the outbox cannot make
/// a deploy upload a file from elsewhere.
enum OutboxFile {
    static func read(_ path: String, root: URL) throws -> [UInt8] {
        var parts = path.split(separator: "/").map(String.init)
        guard let name = parts.popLast() else { throw SystemError("read", path, code: EINVAL) }
        let folder = try Folder.open(root).folder(parts, create: false)
        let fd = try folder.openForReading(name)
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SystemError("read", "\(folder.path)/\(name)") }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 { if errno == EINTR { continue }; throw SystemError("read", "\(folder.path)/\(name)") }
            if count == 0 { break }
            offset += count
        }
        return Array(bytes.prefix(offset))
    }
}
