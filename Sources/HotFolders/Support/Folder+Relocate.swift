import Foundation
import Glibc

extension Folder {
    /// Moves `name` from this folder into `destination` under the first free name of `name`,
    /// `stem_1.ext`, `stem_2.ext`, ..., never replacing a file already there, and returns the
    /// name used. Across file systems it copies instead: staged under a temporary name, fsynced,
    /// linked into place without replacing, verified by SHA-256, and only then is the source
    /// removed. `expectedSHA256` (the hash taken at intake) must match the bytes read, so a file
    /// changed since then is never taken for the one processed. `beforeMove` runs with the
    /// chosen name just before the move (a failure report is written beside it that way).
    func relocate(_ name: String, to destination: Folder, expectedSHA256: String? = nil,
                  beforeMove: ((String) throws -> Void)? = nil) throws -> String {
        let stem = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        for counter in 0..<10_000 {
            let target = counter == 0 ? name : (ext.isEmpty ? "\(stem)_\(counter)" : "\(stem)_\(counter).\(ext)")
            if destination.exists(target) { continue }
            try beforeMove?(target)
            do {
                if try move(name, to: destination, as: target) == false {
                    try copyAcross(name, to: destination, as: target, expectedSHA256: expectedSHA256)
                }
                return target
            } catch let error as SystemError where error.code == EEXIST {
                continue  // a file of that name arrived between the check and the move
            }
        }
        throw SystemError("find a free name in", destination.path, code: EEXIST)
    }

    private func copyAcross(_ name: String, to destination: Folder, as target: String, expectedSHA256: String?) throws {
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
        let copy = try Inspection.of(URL(fileURLWithPath: destination.path).appendingPathComponent(target))
        guard copy.sha256 == digest else {
            try? destination.remove(target)
            throw SystemError("verify the copy of", "\(path)/\(name)", code: EIO)
        }
        try remove(name)
    }
}
