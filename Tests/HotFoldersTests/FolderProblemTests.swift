import Foundation
import Glibc
import Testing
@testable import HotFolders

/// Root and state folders that cannot be used (missing, a file, read-only): `check-config`
/// says so, and `process` and `run` stop with one plain sentence naming the folder and exit 78,
/// which the systemd unit does not restart. Never a usage text, never a raw Cocoa error.
@Suite struct FolderProblemTests {
    func writeConfig(_ dir: TemporaryDirectory, root: URL, state: URL, extra: String = "") throws -> URL {
        let url = dir.path("hotfolders-\(UUID().uuidString.prefix(6)).toml")
        try """
            root = \(TOMLReader.quoted(root.path))
            state = \(TOMLReader.quoted(state.path))
            workers = 1
            \(extra)
            """.write(to: url, atomically: false, encoding: .utf8)
        return url
    }

    /// Runs a command to its end; `run` (the agent) is stopped and recorded as a failure if it
    /// is still running after a generous while, since it should have refused at once.
    func finish(_ arguments: [String], logs: URL) throws -> (status: Int32, out: String, err: String) {
        let process = try CommandLineTool.start(arguments, logs: logs)
        if !eventually(within: 120, { !process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("\(arguments.first ?? "") kept running instead of refusing")
        }
        process.waitUntilExit()
        let out = (try? String(contentsOf: logs.appendingPathExtension("out"), encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: logs.appendingPathExtension("err"), encoding: .utf8)) ?? ""
        return (process.terminationStatus, out, err)
    }

    /// The commands refuse with `message` on stderr, exit 78, no usage text.
    func expectRefused(_ config: URL, saying message: String, in dir: TemporaryDirectory,
                       commands: [String] = ["check-config", "process", "run"],
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        for command in commands {
            let result = try finish([command, "--config", config.path], logs: dir.path("\(command)-\(UUID().uuidString.prefix(6))"))
            #expect(result.status == 78, "\(command): \(result.err)", sourceLocation: sourceLocation)
            #expect(result.err.contains("Error: \(message)"), "\(command): \(result.err)", sourceLocation: sourceLocation)
            #expect(!result.err.contains("Usage:") && !result.err.contains("NSCocoaErrorDomain"), "\(command): \(result.err)",
                    sourceLocation: sourceLocation)
            #expect(!result.out.contains("The configuration is valid"), sourceLocation: sourceLocation)
        }
    }

    @Test func aMissingRootIsRefusedNamingItUnlessTheConfigurationSaysToMakeIt() throws {
        let dir = TemporaryDirectory("noroot")
        let share = dir.path("mnt", "share")  // an NFS mount point whose share is not mounted
        let root = share.appendingPathComponent("photos")
        let config = try writeConfig(dir, root: root, state: dir.path("state"))

        try expectRefused(config, saying: "root \(root.path) does not exist: is the share mounted", in: dir)
        #expect(!FileManager.default.fileExists(atPath: dir.path("mnt").path), "nothing is made where the share should be")

        let making = try writeConfig(dir, root: root, state: dir.path("state"), extra: "create_root = true")
        let check = try finish(["check-config", "--config", making.path], logs: dir.path("check-making"))
        #expect(check.status == 0, "\(check.err)")
        #expect(check.out.contains("root     \(root.path)  (create_root = true: made if missing)"), "\(check.out)")
        let batch = try finish(["process", "--config", making.path], logs: dir.path("process-making"))
        #expect(batch.status == 0, "\(batch.err)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("inbox").path))
    }

    @Test func aRootOrAStateThatIsAFileIsRefusedPlainly() throws {
        let dir = TemporaryDirectory("fileroot")
        let file = dir.path("photos")
        try Data("not a folder".utf8).write(to: file)
        try expectRefused(try writeConfig(dir, root: file, state: dir.path("state")),
                          saying: "root \(file.path) is not a folder", in: dir)

        let root = dir.folder("root")
        try expectRefused(try writeConfig(dir, root: root, state: file),
                          saying: "state \(file.path) is not a folder", in: dir)
        #expect(try String(contentsOf: file, encoding: .utf8) == "not a folder")
    }

    @Test(.enabled(if: ReadOnlyMount.isPermitted, ReadOnlyMount.skipReason))
    func aReadOnlyRootOrStateIsRefusedPlainly() throws {
        let dir = TemporaryDirectory("roroot")
        let root = dir.folder("root")
        dir.folder("root", "inbox", "Trip")
        let rootMount = try ReadOnlyMount(root)
        defer { rootMount.unmount() }
        try expectRefused(try writeConfig(dir, root: root, state: dir.path("state")),
                          saying: "root \(root.path) is on a read-only file system", in: dir)
        rootMount.unmount()

        let state = dir.folder("state-ro")
        let stateMount = try ReadOnlyMount(state)
        defer { stateMount.unmount() }
        try expectRefused(try writeConfig(dir, root: root, state: state),
                          saying: "state \(state.path) is on a read-only file system", in: dir)
    }

    @Test func aCatalogThatCannotOpenIsSaidPlainly() throws {
        let dir = TemporaryDirectory("badcatalog")
        let state = dir.folder("state")
        try Data(repeating: 0x5A, count: 4096).write(to: state.appendingPathComponent("catalog.sqlite"))
        let config = try writeConfig(dir, root: dir.folder("root"), state: state)
        try expectRefused(config, saying: "the catalog \(state.path)/catalog.sqlite is damaged", in: dir,
                          commands: ["process", "run", "status", "retry"])
    }

    /// A full disk is not a fault to wait out by hand: status 1, which the systemd unit restarts.
    @Test(.enabled(if: ReadOnlyMount.isPermitted, ReadOnlyMount.skipReason))
    func aStateOnAFullDiskIsSaidAndIsNotAConfigurationError() throws {
        let dir = TemporaryDirectory("fullstate")
        let state = dir.folder("state")
        try #require(MountPoint.mount(["-t", "tmpfs", "-o", "size=1m", "tmpfs", state.path]) == nil)
        defer { MountPoint.unmount(state) }
        let filler = state.appendingPathComponent("filler")
        _ = FileManager.default.createFile(atPath: filler.path, contents: nil)
        let handle = try FileHandle(forWritingTo: filler)
        let block = Data(repeating: 0, count: 64 << 10)
        while (try? handle.write(contentsOf: block)) != nil {}
        try? handle.close()

        let config = try writeConfig(dir, root: dir.folder("root"), state: state)
        let batch = try finish(["process", "--config", config.path], logs: dir.path("process"))
        #expect(batch.status == 1, "\(batch.err)")
        #expect(batch.err.hasPrefix("Error: ") && batch.err.contains("(the disk holding \(state.path) is full)"), "\(batch.err)")
        #expect(!batch.err.contains("Usage:"))
    }

    @Test func theLibraryListsEachProblemOnce() throws {
        let dir = TemporaryDirectory("problems")
        let root = dir.folder("root")
        try Data().write(to: root.appendingPathComponent("outbox"))
        var configuration = Configuration(root: root, state: dir.path("state"))
        #expect(configuration.folderProblems() == [FolderProblem(.underRoot("outbox"), path: root.appendingPathComponent("outbox").path, .notAFolder)])
        #expect(configuration.report().errors == ["\(root.path)/outbox is not a folder"])

        configuration.root = dir.path("gone")
        #expect(configuration.folderProblems() == [FolderProblem(.root, path: dir.path("gone").path, .missing)])
        configuration.createRoot = true
        #expect(configuration.folderProblems().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.path("gone").path), "checking makes nothing")
    }
}
