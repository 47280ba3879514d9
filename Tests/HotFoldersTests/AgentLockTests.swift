import Foundation
import Glibc
import Testing
@testable import HotFolders

/// One agent per root: a second configuration on the same root, with a state folder of its own,
/// is refused by `run` and by `process` with a plain sentence naming the agent that runs (pid
/// and config), exit 78; a root no agent holds is processed as before.
@Suite struct AgentLockTests {
    @Test func aSecondConfigurationOnTheSameRootIsRefusedNamingTheFirst() throws {
        let ws = TestWorkspace("rootlock")
        let first = try AgentProcess(ws)
        let otherState = ws.dir.path("other-state")
        let other = ws.dir.path("other.toml")
        try """
            root = \(TOMLReader.quoted(ws.root.path))
            state = \(TOMLReader.quoted(otherState.path))
            workers = 1
            """.write(to: other, atomically: false, encoding: .utf8)
        let holder = "(pid \(first.process.processIdentifier), config \(first.config.path))"

        // The second agent must refuse before it watches anything; if it gets as far as
        // `ready`, it is stopped and the test fails.
        let second = try CommandLineTool.start(["run", "--config", other.path], logs: ws.dir.path("second"))
        let readyLog = otherState.appendingPathComponent("events.jsonl")
        _ = eventually(within: 120) {
            !second.isRunning || ((try? String(contentsOf: readyLog, encoding: .utf8))?.contains("\"ready\"") ?? false)
        }
        if second.isRunning {
            kill(second.processIdentifier, SIGKILL)
            Issue.record("a second agent runs on the same root")
        }
        second.waitUntilExit()
        let said = (try? String(contentsOf: ws.dir.path("second").appendingPathExtension("err"), encoding: .utf8)) ?? ""
        #expect(second.terminationStatus == 78, "\(said)")
        #expect(said == "Error: another hotfolders agent is already running on root \(ws.root.path) \(holder)\n", "\(said)")

        // `process` with that configuration refuses too: the inbox, and a photo named by path
        // (its catalog is not the agent's, so both would make it).
        let photo = try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: 64, height: 48), to: ws.dir.path("loose.jpg"))
        for paths in [[], [photo.path]] {
            let batch = try CommandLineTool.run(["process", "--config", other.path] + paths, logs: ws.dir.path("batch-\(paths.count)"))
            #expect(batch.status == 78, "\(batch.err)")
            #expect(batch.err.hasPrefix("Error: another hotfolders agent is already running on root \(ws.root.path) \(holder)"),
                    "\(batch.err)")
            #expect(!batch.err.contains("Usage:"))
        }
        #expect(ws.files(in: ws.layout.outbox).isEmpty, "nothing was processed beside the agent")

        // The agent's own configuration: `process` of the inbox is refused the same plain way.
        let same = try CommandLineTool.run(["process", "--config", first.config.path], logs: ws.dir.path("same"))
        #expect(same.status == 78 && same.err.contains(holder) && same.err.contains("processes the inbox itself"), "\(same.err)")
        #expect(!same.err.contains("Usage:"))

        // Once it stops, the other configuration may run the root.
        #expect(first.terminate() == 0)
        let after = try CommandLineTool.run(["process", "--config", other.path, photo.path], logs: ws.dir.path("after"))
        #expect(after.status == 0, "\(after.err)")
    }
}
