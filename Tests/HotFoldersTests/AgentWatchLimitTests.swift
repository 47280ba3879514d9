import Foundation
import Glibc
import Testing
@testable import HotFolders

/// The real agent with a watch limit of its own (a user namespace whose
/// `user.max_inotify_watches` is lowered; the machine's limit is left alone, see
/// KernelWatcherTests): an album the kernel refuses is polled, said so in agent.json, and goes
/// back to inotify once a watch is free.
@Suite struct AgentWatchLimitTests {
    /// Three watches: the agent's wake-up pipe, the inbox and one of two albums.
    static let launcher = [
        "/usr/bin/unshare", "--user", "--map-root-user", "/bin/sh", "-c",
        #"echo 3 > /proc/sys/user/max_inotify_watches && exec "$@""#, "sh",
    ]

    @Test(.enabled(if: UserNamespace.available, "needs unshare(1) and unprivileged user namespaces"))
    func anAlbumOverTheWatchLimitIsPolledAndWatchedAgainOnceAWatchIsFree() throws {
        let ws = TestWorkspace("watch-limit-agent")
        for album in ["A", "B"] {
            try FileManager.default.createDirectory(at: ws.layout.inbox(album: album), withIntermediateDirectories: true)
        }
        try ws.writeConfig("""
            reconcile_interval = "10s"

            [defaults]
            settle = "300ms"
            poll_interval = "1s"
            """)
        let agent = try AgentProcess(ws, launcher: Self.launcher)
        #expect(agent.waitFor("watch_limit"))
        let refused = try #require(ws.events("watch_limit").first?["album"] as? String)
        let watched = refused == "A" ? "B" : "A"
        #expect(ws.events("watch_limit").first?["mode"] as? String == "poll (not watchable)")
        func announced(_ album: String, _ mode: String) -> Bool {
            ws.events("watching").contains { $0["album"] as? String == album && $0["mode"] as? String == mode }
        }
        #expect(!announced(refused, "inotify"), "a refused album is never announced as watched")
        #expect(eventually(within: 30) { Self.mode(of: refused, in: ws) == "poll (not watchable)" },
                "agent.json: \(String(describing: Self.mode(of: refused, in: ws)))")
        #expect(agent.waitFor("watch_budget"), "3 of 3 watches in use is past 90%")
        let budgetReason = ws.events("watch_budget").first?["reason"] as? String ?? ""
        #expect(budgetReason.contains("fs.inotify.max_user_watches"), "\(budgetReason)")

        try Data(try AgentTests.photo(1)).write(to: ws.layout.inbox(album: refused).appendingPathComponent("polled.jpg"))
        #expect(agent.waitFor("processed"))

        // The watched album leaves the inbox: its watch is free, and the next reconcile takes it.
        try FileManager.default.moveItem(at: ws.layout.inbox(album: watched), to: ws.dir.path("moved away"))
        #expect(eventually(within: 60) {
            ws.events("watching").contains {
                $0["album"] as? String == refused && $0["mode"] as? String == "inotify"
                    && $0["reason"] as? String == "the kernel accepts its watch now"
            } || !agent.process.isRunning
        }, "events: \(ws.events().map { [$0["event"], $0["album"], $0["mode"], $0["reason"]].compactMap { $0 as? String } })")
        #expect(eventually(within: 30) { Self.mode(of: refused, in: ws) == "inotify" })
        try Data(try AgentTests.photo(2)).write(to: ws.layout.inbox(album: refused).appendingPathComponent("watched.jpg"))
        #expect(agent.waitFor("processed", count: 2))
        #expect(agent.terminate() == 0)
        #expect(ws.events("watch_budget").count == 1, "warned once")
    }

    /// How agent.json says `album` is watched.
    static func mode(of album: String, in ws: TestWorkspace) -> String? {
        guard let data = try? Data(contentsOf: ws.configuration.state.appendingPathComponent("agent.json")),
              let snapshot = try? JSONDecoder().decode(AgentSnapshot.self, from: data) else { return nil }
        return snapshot.albums[album]
    }
}
