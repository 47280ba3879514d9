import Foundation
import Glibc

/// An open folder under `root`, held by file descriptor. Everything the agent writes goes
/// through one of these, opened component by component with `O_NOFOLLOW`, so a symlink planted
/// inside the tree (an album folder pointing at /etc, say) can never make the agent write or
/// move files outside `root`.
public final class Folder: @unchecked Sendable {
    let fd: Int32
    /// For messages only; never used to reach the folder again.
    public let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// Opens `url` itself (which may be a symlink the user chose, e.g. a root on another disk).
    public static func open(_ url: URL, create: Bool = false) throws -> Folder {
        let path = url.path
        if create { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open folder", path) }
        return Folder(fd: fd, path: path)
    }

    /// A folder below this one, following no symlink on the way; created when asked.
    /// `components` may hold several levels ("Album", "web", "day 2").
    public func folder(_ components: [String], create: Bool) throws -> Folder {
        var current = self
        for name in components where !name.isEmpty {
            guard name != "." && name != ".." && !name.contains("/") else {
                throw SystemError("use folder name", "\(current.path)/\(name)", code: EINVAL)
            }
            if create, mkdirat(current.fd, name, 0o755) != 0, errno != EEXIST {
                throw SystemError("create folder", "\(current.path)/\(name)")
            }
            let fd = openat(current.fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else {
                let code = errno
                // ELOOP/ENOTDIR: the name is a symlink or a file, not a folder of ours.
                throw SystemError("enter folder", "\(current.path)/\(name)", code: code)
            }
            current = Folder(fd: fd, path: "\(current.path)/\(name)")
        }
        return current
    }

    public func folder(_ relativePath: String, create: Bool) throws -> Folder {
        try folder(relativePath.split(separator: "/").map(String.init), create: create)
    }

    /// Flushes the folder's entries (a rename or a new file) to disk.
    public func sync() throws {
        guard fsync(fd) == 0 else { throw SystemError("sync folder", path) }
    }

    public func exists(_ name: String) -> Bool {
        var info = stat()
        return fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0
    }

    /// Writes `bytes` as `name` so that a crash leaves either the old file or the whole new one:
    /// a temporary name beside it, fsync, rename over, fsync of the folder. The temporary name is
    /// derived from the final one, so a crashed attempt's leftover is reused, not piled up.
    public func writeDurably(_ name: String, bytes: [UInt8]) throws {
        let temporary = Folder.temporaryName(for: name)
        let fd = openat(self.fd, temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemError("create", "\(path)/\(temporary)") }
        var failure: SystemError?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = SystemError("write", "\(path)/\(name)")
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = SystemError("sync", "\(path)/\(name)") }
        close(fd)
        if let failure {
            unlinkat(self.fd, temporary, 0)
            throw failure
        }
        guard renameat(self.fd, temporary, self.fd, name) == 0 else {
            let error = SystemError("rename into place", "\(path)/\(name)")
            unlinkat(self.fd, temporary, 0)
            throw error
        }
        try sync()
    }

    /// Moves `name` from this folder to `destination/targetName` without ever replacing a file
    /// already there (EEXIST is returned instead), then syncs both folders. Returns false on
    /// EXDEV (another file system), for the caller to copy instead.
    public func move(_ name: String, to destination: Folder, as targetName: String) throws -> Bool {
        // link + unlink refuses to clobber (rename would silently replace an earlier original).
        if linkat(fd, name, destination.fd, targetName, 0) == 0 {
            guard unlinkat(fd, name, 0) == 0 else {
                // Not moved (a read-only folder): the link is taken back rather than left as a
                // second name for an inode the source's owner may still change.
                let error = SystemError("remove", "\(path)/\(name)")
                unlinkat(destination.fd, targetName, 0)
                throw error
            }
        } else {
            let code = errno
            switch code {
            case EXDEV:
                return false
            case EPERM, ENOTSUP, EMLINK:
                // File systems without hard links (vfat, some FUSE): check, then rename.
                guard !destination.exists(targetName) else {
                    throw SystemError("move to", "\(destination.path)/\(targetName)", code: EEXIST)
                }
                guard renameat(fd, name, destination.fd, targetName) == 0 else {
                    throw SystemError("move", "\(path)/\(name)")
                }
            default:
                throw SystemError("move to", "\(destination.path)/\(targetName)", code: code)
            }
        }
        try destination.sync()
        try sync()
        return true
    }

    public func remove(_ name: String) throws {
        guard unlinkat(fd, name, 0) == 0 else { throw SystemError("remove", "\(path)/\(name)") }
        try sync()
    }

    /// Opens a file in this folder for reading, refusing symlinks.
    public func openForReading(_ name: String) throws -> Int32 {
        let fd = openat(self.fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open", "\(path)/\(name)") }
        return fd
    }

    static func temporaryName(for name: String) -> String {
        // Short and fixed-length, so even a 255-byte final name has a valid temporary one.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return ".hotfolders-\(String(hash, radix: 16)).partial"
    }
}
