import Foundation
import Glibc
import Testing

/// Folders and files the agent cannot change, made for real. Tests run as root, where chmod stops
/// nothing: a read-only bind mount (a camera card, a share without delete rights) and an
/// immutable file (`chattr +i`) stop root too. Each is tried once on this machine, so a test that
/// needs one is skipped with the reason where it is refused.
enum ReadOnlySource {
    /// Runs a tool; true when it exits 0.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) -> Bool { MountPoint.run(tool, arguments) == nil }

    /// A read-only view of `source` at `target` (a folder that exists); nil if mounting is refused.
    /// Call `unmount` in a `defer`.
    static func mountReadOnly(_ source: URL, at target: URL) -> URL? {
        guard run("/usr/bin/mount", ["--bind", source.path, target.path]) else { return nil }
        guard run("/usr/bin/mount", ["-o", "remount,ro,bind", target.path]) else {
            unmount(target)
            return nil
        }
        return target
    }

    static func unmount(_ target: URL) {
        // A child that still has a file open there (an agent being stopped) may hold it a moment.
        _ = eventually(within: 30) { run("/usr/bin/umount", [target.path]) }
    }

    /// Whether a read-only bind mount works here and really refuses a write.
    static let canMountReadOnly: Bool = {
        let dir = TemporaryDirectory("ro-probe")
        let target = dir.folder("view")
        guard mountReadOnly(dir.folder("source"), at: target) != nil else { return false }
        defer { unmount(target) }
        return !FileManager.default.createFile(atPath: target.appendingPathComponent("x").path, contents: Data([1]))
    }()
    static let mountSkipMessage: Comment = "a read-only bind mount is refused here (mount needs root in its own mount namespace)"

    /// Makes `file` immutable (or mutable again); false if the file system or the user cannot.
    @discardableResult
    static func setImmutable(_ file: URL, _ immutable: Bool = true) -> Bool {
        run("/usr/bin/chattr", [immutable ? "+i" : "-i", file.path])
    }

    /// Whether `chattr +i` works on the temp folder's file system and really refuses an unlink.
    static let canMakeImmutable: Bool = {
        let dir = TemporaryDirectory("immutable-probe")
        let file = dir.path("x")
        guard FileManager.default.createFile(atPath: file.path, contents: Data([1])), setImmutable(file) else { return false }
        defer { setImmutable(file, false) }
        return unlink(file.path) != 0
    }()
    static let immutableSkipMessage: Comment = "chattr +i does not work on the temp folder's file system here"
}
