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
            _ = Self.run("/bin/umount", [folder.path])
            throw error
        }
    }

    func unmount() {
        guard mounted else { return }
        mounted = !Self.run("/bin/umount", [folder.path]).ok
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
        let result = run("/bin/mount", arguments)
        guard result.ok else { throw Refused(description: "mount \(arguments.joined(separator: " ")): \(result.said)") }
    }

    static func run(_ program: String, _ arguments: [String]) -> (ok: Bool, said: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (false, "\(error)") }
        let said = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus == 0, said.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
