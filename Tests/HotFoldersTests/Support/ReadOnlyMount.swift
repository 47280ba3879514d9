import Foundation
import Testing

/// A folder made read-only for everyone, root included, by a read-only bind mount of it onto
/// itself (as root, chmod stops nothing). Unmount it in a `defer`; `deinit` is a last resort.
/// Suites that need one are enabled only where mounting works (`isPermitted`), and skipped
/// with `skipReason` elsewhere.
final class ReadOnlyMount {
    let folder: URL
    private var mounted = true

    struct Refused: Error, CustomStringConvertible { var description: String }

    init(_ folder: URL) throws {
        self.folder = folder
        try Self.mount(["--bind", folder.path, folder.path])
        do {
            try Self.mount(["-o", "remount,ro,bind", folder.path])
        } catch {
            MountPoint.unmount(folder)
            throw error
        }
    }

    func unmount() {
        guard mounted else { return }
        mounted = MountPoint.unmount(folder) != nil
    }

    deinit { unmount() }

    /// Nil when a read-only bind mount can be made here, else what refused it (tried once).
    static let refusal: String? = {
        let dir = TemporaryDirectory("mount-probe")
        do {
            let probe = try ReadOnlyMount(dir.folder("probe"))
            probe.unmount()
            return nil
        } catch {
            return "\(error)"
        }
    }()
    static var isPermitted: Bool { refusal == nil }
    static var skipReason: Comment { Comment(rawValue: "read-only bind mounts are refused here: \(refusal ?? "")") }

    private static func mount(_ arguments: [String]) throws {
        if let said = MountPoint.mount(arguments) { throw Refused(description: said) }
    }
}
