import Crypto
import Foundation
import Glibc

/// Where a relocated file went, and whether it left its old folder.
struct Relocation: Sendable {
    /// The name it has in the destination.
    var name: String
    /// Why the source is still in its folder although a verified copy is at `name` (a camera card,
    /// a share without delete rights, a read-only mount, an immutable file); nil when it is gone.
    var sourceLeft: SystemError?
}

extension SystemError {
    /// The file system or its owner forbids the change (read-only folder or mount, immutable
    /// file), as opposed to a fault that may pass.
    var isRefusedChange: Bool { code == EACCES || code == EPERM || code == EROFS }
}

extension Folder {
    /// Moves `name` from this folder into `destination` under the first free name of `name`,
    /// `stem_1.ext`, `stem_2.ext`, ..., never replacing a file already there, and returns the
    /// name used. Across file systems, or from a folder the file cannot be unlinked from, it
    /// copies instead: staged under a temporary name, fsynced, linked into place without
    /// replacing, verified by SHA-256, and only then is the source removed. A source that cannot
    /// be removed (read-only) stays, and the relocation says why: the copy is whole all the same.
    ///
    /// `expectedSHA256` (the hash taken at intake) must match the bytes read, so a file changed
    /// since then is never taken for the one processed; given, a file already in `destination`
    /// under one of the names with exactly those bytes is taken for this one instead of being
    /// copied a second time. `beforeMove` runs with the chosen name just before the move (a
    /// failure report is written beside it that way).
    func relocate(_ name: String, to destination: Folder, expectedSHA256: String? = nil,
                  beforeMove: ((String) throws -> Void)? = nil) throws -> Relocation {
        let stem = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        for counter in 0..<10_000 {
            let target = counter == 0 ? name : (ext.isEmpty ? "\(stem)_\(counter)" : "\(stem)_\(counter).\(ext)")
            if destination.exists(target) {
                guard let expectedSHA256, destination.holds(target, sha256: expectedSHA256) else { continue }
                // The source is removed only while it still holds those bytes: a file rewritten
                // in the inbox since intake is a new photo, and is not lost for an old copy.
                guard holds(name, sha256: expectedSHA256) else {
                    throw SystemError("put away (it changed since it was read)", "\(path)/\(name)", code: EIO)
                }
                try beforeMove?(target)
                return Relocation(name: target, sourceLeft: try removeUnlessRefused(name))
            }
            try beforeMove?(target)
            do {
                do {
                    if try move(name, to: destination, as: target) { return Relocation(name: target) }
                } catch let error as SystemError where error.isRefusedChange {
                    // A read-only album or an immutable file: a real copy, never a hard link
                    // to the inode someone else may still change, and the source stays.
                }
                return Relocation(name: target,
                                  sourceLeft: try copyAcross(name, to: destination, as: target, expectedSHA256: expectedSHA256))
            } catch let error as SystemError where error.code == EEXIST {
                continue  // a file of that name arrived between the check and the move
            }
        }
        throw SystemError("find a free name in", destination.path, code: EEXIST)
    }

    /// A regular file `name` here whose bytes hash to `sha256`.
    func holds(_ name: String, sha256: String) -> Bool {
        var info = stat()
        // Checked before opening: opening a FIFO planted there would block.
        guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFREG,
              let file = try? openForReading(name) else { return false }
        defer { close(file) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(file, $0.baseAddress!, $0.count) }
            if count < 0 { if errno == EINTR { continue }; return false }
            if count == 0 { break }
            hasher.update(data: buffer[0..<count])
        }
        return Digest.hex(hasher.finalize()) == sha256
    }

    /// Removes `name`, or returns why the file system refuses it (read-only, immutable).
    private func removeUnlessRefused(_ name: String) throws -> SystemError? {
        do {
            try remove(name)
            return nil
        } catch let error as SystemError where error.isRefusedChange {
            return error
        }
    }

    private func copyAcross(_ name: String, to destination: Folder, as target: String,
                            expectedSHA256: String?) throws -> SystemError? {
        let input = try openForReading(name)
        defer { close(input) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if count < 0 { if errno == EINTR { continue }; throw SystemError("read", "\(path)/\(name)") }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        let digest = Digest.sha256Hex(bytes)
        if let expectedSHA256, digest != expectedSHA256 {
            throw SystemError("copy (it changed since it was read)", "\(path)/\(name)", code: EIO)
        }
        let staging = Folder.temporaryName(for: "relocate/" + target)
        try destination.writeDurably(staging, bytes: bytes)
        do {
            guard try destination.move(staging, to: destination, as: target) else {
                throw SystemError("move into place", "\(destination.path)/\(target)", code: EXDEV)
            }
        } catch {
            try? destination.remove(staging)
            throw error
        }
        guard destination.holds(target, sha256: digest) else {
            try? destination.remove(target)
            throw SystemError("verify the copy of", "\(path)/\(name)", code: EIO)
        }
        return try removeUnlessRefused(name)
    }
}
