import Foundation
import Glibc
import Synchronization
import Testing
@testable import HotFolders

/// `hotfolders run` as a real child process on a test workspace, with helpers to wait for
/// what its event log says.
final class AgentProcess: @unchecked Sendable {
    let ws: TestWorkspace
    let config: URL
    let process: Process
    /// `agent-<n>`: this start's stdout and stderr are `agent-<n>.out` and `.err`.
    let logs: URL
    private static let counter = Mutex(0)

    /// Writes a config for `ws` (extra TOML appended) and starts the agent; waits for `ready`.
    /// `launcher`, when given, runs the agent: its first word is the program, and the agent's
    /// command line follows its other words (`unshare --user ... sh -c '...' --`).
    init(_ ws: TestWorkspace, extra: String = "", settle: String = "300ms", environment: [String: String] = [:],
         launcher: [String] = [], waitForReady: Bool = true) throws {
        self.ws = ws
        config = ws.dir.path("hotfolders.toml")
        if !FileManager.default.fileExists(atPath: config.path) {
            try ws.writeConfig("[defaults]\nsettle = \"\(settle)\"\n\n" + extra)
        }
        try FileManager.default.createDirectory(at: ws.layout.inbox, withIntermediateDirectories: true)
        let n = AgentProcess.counter.withLock { value -> Int in value += 1; return value }
        process = Process()
        let command = [CommandLineTool.url.path, "run", "--config", config.path]
        process.executableURL = URL(fileURLWithPath: launcher.first ?? command[0])
        process.arguments = launcher.isEmpty ? Array(command.dropFirst()) : Array(launcher.dropFirst()) + command
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        logs = ws.dir.path("agent-\(n)")
        _ = FileManager.default.createFile(atPath: logs.appendingPathExtension("out").path, contents: nil)
        _ = FileManager.default.createFile(atPath: logs.appendingPathExtension("err").path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: logs.appendingPathExtension("out"))
        process.standardError = try FileHandle(forWritingTo: logs.appendingPathExtension("err"))
        try process.run()
        if waitForReady {
            let readyCount = ws.events("ready").count
            guard eventually(within: 60, { ws.events("ready").count > readyCount || !process.isRunning }), process.isRunning else {
                throw AgentFailure("the agent did not become ready: \(stderr)")
            }
        }
    }

    var stderr: String { (try? String(contentsOf: logs.appendingPathExtension("err"), encoding: .utf8)) ?? "" }

    /// SIGTERM, then waits for the exit; returns the exit status.
    @discardableResult
    func terminate() -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Waits until the event log has at least `count` events named `name`; gives up at once
    /// if the agent has exited (a crash is recorded with the end of what it printed).
    func waitFor(_ name: String, count: Int = 1, within seconds: Double = 120) -> Bool {
        _ = eventually(within: seconds) { ws.events(name).count >= count || !process.isRunning }
        let reached = ws.events(name).count >= count
        if !reached && !process.isRunning {
            Issue.record("the agent exited (status \(process.terminationStatus)): \(stderr.suffix(3000))")
        }
        return reached
    }
}

struct AgentFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
