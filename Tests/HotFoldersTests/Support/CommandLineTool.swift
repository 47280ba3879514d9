import Foundation

/// The built `hotfolders` executable, run as a real child process.
enum CommandLineTool {
    /// Beside the test bundle in the build folder (the test target depends on the executable).
    static let url: URL = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent().appendingPathComponent("hotfolders")
    }()

    /// Starts `hotfolders <arguments>`; output goes to files in `logs` so a full pipe never blocks it.
    /// `environment` is laid over the test's own. With `user`, it runs as that uid (and gid,
    /// no other groups), for what root is never refused.
    static func start(_ arguments: [String], logs: URL, environment: [String: String] = [:],
                      user: UInt32? = nil) throws -> Process {
        let process = Process()
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(user)", "--regid=\(user)", "--clear-groups", url.path] + arguments
        } else {
            process.executableURL = url
            process.arguments = arguments
        }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        _ = FileManager.default.createFile(atPath: logs.appendingPathExtension("out").path, contents: nil)
        _ = FileManager.default.createFile(atPath: logs.appendingPathExtension("err").path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: logs.appendingPathExtension("out"))
        process.standardError = try FileHandle(forWritingTo: logs.appendingPathExtension("err"))
        try process.run()
        return process
    }

    /// Runs to the end; returns the exit status and what it printed on stdout and stderr.
    static func run(_ arguments: [String], logs: URL, environment: [String: String] = [:], user: UInt32? = nil) throws
        -> (status: Int32, out: String, err: String) {
        let process = try start(arguments, logs: logs, environment: environment, user: user)
        process.waitUntilExit()
        let out = (try? String(contentsOf: logs.appendingPathExtension("out"), encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: logs.appendingPathExtension("err"), encoding: .utf8)) ?? ""
        return (process.terminationStatus, out, err)
    }
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass; returns whether it held.
func eventually(within seconds: Double = 60, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}
