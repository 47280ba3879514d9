import Foundation

/// mount(8), umount(8) and the other root-only tools (chattr) for tests that need a real file
/// system coming and going (the tests run as root): the one place they are run from. Every test that mounts unmounts in a `defer`, and skips with a reason printed
/// where mounting is refused.
enum MountPoint {
    /// Runs `mount` with `arguments`; nil when it worked, else what it said.
    @discardableResult
    static func mount(_ arguments: [String]) -> String? { run("/usr/bin/mount", arguments) }

    /// Unmounts `folder`; nil when it worked, else what umount said.
    @discardableResult
    static func unmount(_ folder: URL) -> String? { run("/usr/bin/umount", [folder.path]) }

    /// Runs `tool`; nil when it exited 0, else what it said.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do { try process.run() } catch { return "\(tool) could not start: \(error)" }
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : "\(tool) \(arguments.joined(separator: " ")): \(said)"
    }
}
