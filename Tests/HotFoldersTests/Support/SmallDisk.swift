import Foundation
import Glibc
import Testing

/// A real, small file system (tmpfs) mounted over a test's folder, to fill up on purpose: a
/// full disk is only honestly tested where the kernel says ENOSPC. Needs root (tests run as
/// root here and in CI); where mounting is refused, tests using it are disabled with `skipReason`.
final class SmallDisk {
    let url: URL
    private var mounted = true

    /// Whether this machine lets a test mount a tmpfs (tried once, on a scratch folder).
    static let canMount: Bool = {
        let probe = TemporaryDirectory("mount-probe")
        guard let disk = SmallDisk(at: probe.url, size: "64k") else { return false }
        disk.unmount()
        return true
    }()
    static let skipReason: Comment = "mounting a tmpfs is not permitted here (needs root and mount rights): full-disk tests skipped"

    /// Mounts a tmpfs of `size` ("1m") at `url` (created if missing); nil when refused.
    init?(at url: URL, size: String) {
        self.url = url
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        guard SmallDisk.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", url.path]) else { return nil }
    }

    deinit { unmount() }

    /// Lazily, so a process still holding a file there (an agent being killed) cannot keep it mounted.
    func unmount() {
        guard mounted else { return }
        mounted = false
        _ = SmallDisk.run("/bin/umount", ["-l", url.path])
    }

    var filler: URL { url.appendingPathComponent(".filler") }

    /// Takes every free byte with one file, so the next write on this disk gets ENOSPC.
    func fill() {
        let fd = open(filler.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0x55, count: 4096)
        var size = chunk.count
        // Whole pages first, then single bytes: what is left over is too little for anything.
        while size > 0 {
            let written = chunk.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, size) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { size = size > 1 ? size / 2 : 0 }
        }
    }

    /// Gives the space back.
    func free() {
        unlink(filler.path)
    }

    private static func run(_ tool: String, _ arguments: [String]) -> Bool { MountPoint.run(tool, arguments) == nil }
}
