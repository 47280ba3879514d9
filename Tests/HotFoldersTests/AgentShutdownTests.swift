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
}
