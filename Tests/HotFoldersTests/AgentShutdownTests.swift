import Foundation
import Glibc
import Testing
@testable import HotFolders

/// SIGTERM with a full queue: what is in flight finishes, nothing new starts, and the rest
/// stays in the inbox for the next start.
@Suite struct AgentShutdownTests {
    @Test func sigtermFinishesWhatIsInFlightAndStartsNothingNew() throws {
        let ws = TestWorkspace("shutdown")
        let album = ws.layout.inbox(album: "Many")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        let count = 120
        // All there before the start, so the start-up scan queues every one of them at once.
        for n in 0..<count {
            try Data(try AgentTests.photo(n, size: 640)).write(to: album.appendingPathComponent(String(format: "IMG_%04d.jpg", n)))
        }
        let agent = try AgentProcess(ws)
        #expect(agent.waitFor("processed"))
        #expect(agent.terminate() == 0)

        let events = ws.events()
        let stopping = try #require(events.firstIndex { $0["event"] as? String == "stopping" })
        let afterStopping = events[(stopping + 1)...].filter { $0["event"] as? String == "processed" }.count
        #expect(afterStopping <= 2, "at most the two photos in flight (workers = 2) finish after stopping")
        let processed = ws.events("processed").count
        #expect(processed < count)
        #expect(ws.files(in: album).count == count - processed, "the rest wait in the inbox")
        #expect(ws.files(in: ws.layout.originals(album: "Many")).count == processed)
    }

    /// A photo stuck past `shutdown_timeout` (here a generator that never answers) is cut
    /// short: the agent still writes its `stopped` event, exits 75 rather than 0 (systemd and a
    /// script hear the stop was not clean), and the photo waits in the inbox to be redone.
    @Test func aPhotoStuckPastTheShutdownTimeoutIsCutShortAndTheExitSaysSo() throws {
        let ws = TestWorkspace("shutdown-cut")
        let pidFile = ws.dir.path("generator.pid")
        try ws.configure("""
            shutdown_timeout = "1s"
            [generators.stuck]
            type = "command"
            command = ["sh", "-c", "echo $$ > \(pidFile.path); exec sleep 600", "sh", "{input}", "{output}"]
            retries = 0
            timeout = "1h"
            [styles.Stuck]
            prompt = "never ends"
            [defaults]
            settle = "300ms"
            rules = ["preprocess", "style"]
            styles = ["Stuck"]
            """)
        defer {
            if let pid = (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) {
                kill(pid, SIGKILL)
            }
        }
        let agent = try AgentProcess(ws)
        try ws.dropGenerated(album: "Trip", as: "p1.jpg", width: 160, height: 120)
        #expect(eventually(within: 60) { FileManager.default.fileExists(atPath: pidFile.path) }, "the generator never started")

        #expect(agent.terminate() == 75, "\(agent.stderr)")
        let stopped = try #require(ws.events("stopped").last)
        #expect(stopped["cut_short"] as? String == "1", "\(stopped)")
        #expect(ws.events("warning").contains { ($0["reason"] as? String)?.contains("shutdown timeout") == true })
        #expect(ws.files(in: ws.layout.inbox(album: "Trip")) == ["p1.jpg"], "the photo waits in the inbox")
        #expect(ws.files(in: ws.layout.originals(album: "Trip")).isEmpty)
    }
}
