import Foundation
import Glibc

/// Files and folders whose names are raw bytes (not valid UTF-8, as a Latin-1 card writes
/// them), made and looked at with the POSIX calls: `String`, `URL` and `FileManager` cannot
/// name them.
enum RawNames {
    /// `caf\xE9` in Latin-1: "café" as an old camera or an SMB share writes it.
    static let cafe: [UInt8] = Array("caf".utf8) + [0xE9]

    /// The C path `folder/name`.
    private static func path(_ folder: URL, _ name: [UInt8]) -> [CChar] {
        (Array(folder.path.utf8) + [UInt8(ascii: "/")] + name + [0]).map { CChar(bitPattern: $0) }
    }

    static func write(_ bytes: [UInt8], name: [UInt8], in folder: URL) throws {
        let fd = open(path(folder, name), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) }
        guard written == bytes.count else { throw POSIXError(.EIO) }
    }

    /// Makes the folder `folder/name`.
    static func makeFolder(_ name: [UInt8], in folder: URL) throws {
        guard mkdir(path(folder, name), 0o755) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// Writes `bytes` as `inner` inside the raw-named folder `folder/name`.
    static func write(_ bytes: [UInt8], name inner: String, inFolder name: [UInt8], of folder: URL) throws {
        let file = path(folder, name + [UInt8(ascii: "/")] + Array(inner.utf8))
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) }
    }

    /// The names in `folder`, byte for byte.
    static func names(in folder: URL) -> [[UInt8]] {
        guard let dir = opendir(folder.path) else { return [] }
        defer { closedir(dir) }
        var names: [[UInt8]] = []
        while let entry = readdir(dir) {
            let offset = MemoryLayout<dirent>.offset(of: \.d_name)!
            let start = UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self)
            let name = Array(UnsafeBufferPointer(start: UnsafeRawPointer(start).assumingMemoryBound(to: UInt8.self), count: strlen(start)))
            if name != [0x2E] && name != [0x2E, 0x2E] { names.append(name) }
        }
        return names
    }

    /// Removes a tree that holds raw names (`FileManager` leaves them, and so the tree, behind).
    static func removeTree(_ folder: URL) {
        let rm = Process()
        rm.executableURL = URL(fileURLWithPath: "/bin/rm")
        rm.arguments = ["-rf", folder.path]
        try? rm.run()
        rm.waitUntilExit()
    }
}
