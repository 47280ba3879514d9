import Crypto
import Foundation
import Glibc

/// What intake learns of a file in one read: its kind (from the first bytes), its size and
/// its SHA-256 (the catalog's identity for the content, so a renamed copy is still a duplicate).
public struct Inspection: Sendable, Equatable {
    /// Nil when the content is not an image the agent accepts.
    public var kind: ImageKind?
    public var size: Int64
    public var sha256: String

    /// Reads the file once, refusing symlinks and anything that is not a regular file.
    public static func of(_ url: URL) throws -> Inspection {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("read", url.path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SystemError("read", url.path) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw SystemError("read", url.path, code: EISDIR) }

        var hasher = SHA256()
        var head: [UInt8] = []
        var size: Int64 = 0
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress!, chunk)
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError("read", url.path)
            }
            if count == 0 { break }
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            if head.count < ImageKind.sniffLength { head += bytes.prefix(ImageKind.sniffLength - head.count) }
            hasher.update(bufferPointer: bytes)
            size += Int64(count)
        }
        let digest = Digest.hex(hasher.finalize())
        return Inspection(kind: ImageKind.sniff(head), size: size, sha256: digest)
    }
}
