import Foundation
import Glibc
import Testing
import Vips
@testable import HotFolders

/// The agent end to end: real inotify on real folders, `hotfolders run` as a child process.
/// Tests wait for the event log with generous timeouts; the only sleeps are a slow writer's.
@Suite(.serialized) struct AgentTests {
    /// Small distinct JPEGs, fast to make and to process.
    static func photo(_ n: Int, size: Int = 64) throws -> [UInt8] {
        let image = try GeneratedImages.photoLike(width: size, height: size, seed: n)
            .linear(1, Double(n % 50))
        return try image.encoded(as: .jpeg, quality: 90, stripMetadata: true)
    }

    @Test func aBurstOf2000PhotosAcross20AlbumsIsProcessedExactlyOnce() throws {
        let ws = TestWorkspace("burst")
        let agent = try AgentProcess(ws)
        let count = 2000
        for n in 0..<count {
            let album = ws.layout.inbox(album: "Album \(n % 20)")
            try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
            try Data(try Self.photo(n)).write(to: album.appendingPathComponent(String(format: "IMG_%04d.jpg", n)))
        }
        #expect(agent.waitFor("processed", count: count, within: 600))
        #expect(agent.terminate() == 0)

        let processed = ws.events("processed").compactMap { e -> String? in
            guard let album = e["album"] as? String, let file = e["file"] as? String else { return nil }
            return album + "/" + file
        }
        #expect(processed.count == count)
        #expect(Set(processed).count == count, "no photo processed twice")
        #expect(ws.events("failed").isEmpty && ws.events("duplicate").isEmpty)
        #expect(ws.files(in: ws.layout.outbox).count == count)
        #expect(ws.files(in: ws.layout.originals).count == count)
        #expect(ws.files(in: ws.layout.inbox).isEmpty)
    }

    @Test func aFileWrittenInChunksWithLongPausesIsProcessedOnceAndWhole() throws {
        let ws = TestWorkspace("chunks")
        let agent = try AgentProcess(ws, settle: "300ms")
        let album = ws.dir.folder("root", "inbox", "Slow")
        let bytes = try GeneratedImages.photoLike(width: 1200, height: 800, seed: 7).encoded(as: .jpeg, quality: 92, stripMetadata: true)
        let file = album.appendingPathComponent("slow.jpg")
        let third = bytes.count / 3
        for (index, chunk) in [bytes[0..<third], bytes[third..<2 * third], bytes[(2 * third)...]].enumerated() {
            // Each chunk opens, appends and closes (an IN_CLOSE_WRITE each), then a pause
            // longer than the settle time: the writer, not the test, is slow.
            if index > 0 { usleep(1_200_000) }
            let fd = open(file.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            _ = chunk.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
            close(fd)
        }
        #expect(agent.waitFor("processed"))
        #expect(agent.terminate() == 0)
        #expect(ws.events("processed").count == 1)
        #expect(ws.events("failed").isEmpty)
        let output = try VipsImage.open(path: ws.layout.outbox(album: "Slow", variant: "web").appendingPathComponent("slow.webp").path)
        #expect(output.width == 1200 && output.height == 800)
        #expect(Array(try Data(contentsOf: ws.layout.originals(album: "Slow").appendingPathComponent("slow.jpg"))) == bytes)
    }

    @Test func renamesNewAlbumsAndWholeFoldersMovedInArePickedUp() throws {
        let ws = TestWorkspace("arrivals")
        let agent = try AgentProcess(ws)
        let inbox = ws.layout.inbox
        // Written under a temporary name, then renamed into place.
        let a = inbox.appendingPathComponent("A")
        try FileManager.default.createDirectory(at: a, withIntermediateDirectories: true)
        try Data(try Self.photo(1)).write(to: a.appendingPathComponent("one.jpg.part"))
        try FileManager.default.moveItem(at: a.appendingPathComponent("one.jpg.part"), to: a.appendingPathComponent("one.jpg"))
        // A new album folder with files written into it at once.
        let b = inbox.appendingPathComponent("New album")
        try FileManager.default.createDirectory(at: b, withIntermediateDirectories: true)
        for n in 2...4 { try Data(try Self.photo(n)).write(to: b.appendingPathComponent("p\(n).jpg")) }
        // A whole album prepared elsewhere (with a subfolder) and moved in.
        let staged = ws.dir.folder("root", "staging", "Moved in")
        let day = staged.appendingPathComponent("day 2")
        try FileManager.default.createDirectory(at: day, withIntermediateDirectories: true)
        try Data(try Self.photo(5)).write(to: staged.appendingPathComponent("p5.jpg"))
        try Data(try Self.photo(6)).write(to: day.appendingPathComponent("p6.jpg"))
        try FileManager.default.moveItem(at: staged, to: inbox.appendingPathComponent("Moved in"))

        #expect(agent.waitFor("processed", count: 6))
        // The moved-in album is watched: a later write inside its subfolder is seen too.
        try Data(try Self.photo(7)).write(to: inbox.appendingPathComponent("Moved in/day 2/p7.jpg"))
        #expect(agent.waitFor("processed", count: 7))
        #expect(agent.terminate() == 0)
        #expect(ws.files(in: ws.layout.outbox) == [
            "A/web/one.webp", "Moved in/web/day 2/p6.webp", "Moved in/web/day 2/p7.webp", "Moved in/web/p5.webp",
            "New album/web/p2.webp", "New album/web/p3.webp", "New album/web/p4.webp",
        ])
        #expect(ws.events("processed").allSatisfy { !(($0["file"] as? String) ?? "").hasSuffix(".part") })
    }

    @Test func photosDroppedWhileStoppedAreProcessedAtStartUp() throws {
        let ws = TestWorkspace("restart")
        try FileManager.default.createDirectory(at: ws.layout.inbox(album: "Waiting"), withIntermediateDirectories: true)
        for n in 0..<5 { try Data(try Self.photo(n)).write(to: ws.layout.inbox(album: "Waiting").appendingPathComponent("w\(n).jpg")) }
        let agent = try AgentProcess(ws)
        #expect(agent.waitFor("processed", count: 5))
        // `status` (another process) sees the running agent, and stops seeing it once it is gone.
        #expect(eventually(within: 30) { AgentSnapshot.read(state: ws.configuration.state)?.processed == 5 })
        #expect(agent.terminate() == 0)
        #expect(AgentSnapshot.read(state: ws.configuration.state) == nil)
        // And a second start finds nothing to do.
        let again = try AgentProcess(ws)
        #expect(again.terminate() == 0)
        #expect(ws.events("processed").count == 5)
    }

    @Test func sigtermLetsPhotosInFlightFinishAndExitsZero() throws {
        let ws = TestWorkspace("sigterm")
        let agent = try AgentProcess(ws)
        let album = ws.layout.inbox(album: "Big")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        // Made first, then dropped together: twelve 24 MP photos keep both workers busy.
        let photos = try (0..<12).map {
            try GeneratedImages.photoLike(width: 6000, height: 4000, seed: $0).encoded(as: .jpeg, quality: 90, stripMetadata: true)
        }
        for (n, bytes) in photos.enumerated() { try Data(bytes).write(to: album.appendingPathComponent("big\(n).jpg")) }
        // Right after the first photo is done, the next ones are in flight.
        #expect(agent.waitFor("processed", count: 1))
        let status = agent.terminate()
        #expect(status == 0)
        let inFlightAtStop = Int((ws.events("stopping").first?["in_flight"] as? String) ?? "0") ?? 0
        #expect(inFlightAtStop > 0, "the stop came while photos were in flight")
        // Every photo is either done or still waiting in the inbox; none half-done.
        let catalog = try ws.open().catalog
        #expect(try catalog.count(status: "processing") == 0)
        #expect(ws.events("processed").count + ws.files(in: album).count == 12)
        #expect(ws.events("processed").count >= inFlightAtStop)
        #expect(ws.events("stopped").count == 1)
    }

    @Test func lostEventsAreCaughtByARescan() throws {
        // The kernel keeps at most `max_queued_events` events per instance (16,384 by default),
        // then drops the rest and says so. The limit is the machine's: it is read, not lowered
        // (lowering it would shrink every other inotify user's queue made meanwhile).
        let path = "/proc/sys/fs/inotify/max_queued_events"
        guard let limit = (try? String(contentsOfFile: path, encoding: .utf8)).flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }),
              limit <= 100_000 else {
            print("skipped: \(path) is unreadable or too large to fill in a test")
            return
        }
        let ws = TestWorkspace("overflow")
        let agent = try AgentProcess(ws)
        let album = ws.layout.inbox(album: "Flood")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        // The agent is frozen while the burst lands, so its queue overflows whatever the machine's
        // load: first more hidden files than the queue holds (ignored, but each one an event),
        // then the photos, whose events are the ones lost. It reads the overflow when it wakes.
        let count = 40
        let photos = try (0..<count).map { try Self.photo($0) }
        kill(agent.process.processIdentifier, SIGSTOP)
        for n in 0..<(limit + 100) {
            let fd = open(album.appendingPathComponent(".filler\(n)").path, O_CREAT | O_WRONLY, 0o644)
            if fd >= 0 { close(fd) }
        }
        for (n, bytes) in photos.enumerated() {
            try Data(bytes).write(to: album.appendingPathComponent("f\(n).jpg"))
        }
        kill(agent.process.processIdentifier, SIGCONT)
        #expect(agent.waitFor("processed", count: count, within: 300))
        #expect(agent.terminate() == 0)
        #expect(ws.events("overflow").count >= 1)
        let files = ws.events("processed").compactMap { $0["file"] as? String }
        #expect(files.count == count && Set(files).count == count)
    }

    @Test func aPolledAlbumIsProcessedAndSaysItIsPolled() throws {
        let ws = TestWorkspace("poll")
        let agent = try AgentProcess(ws, extra: """
            [album."Net*"]
            watch = "poll"
            poll_interval = "1s"
            """)
        let album = ws.layout.inbox(album: "Network share")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        try Data(try Self.photo(1)).write(to: album.appendingPathComponent("n.jpg"))
        #expect(agent.waitFor("processed"))
        #expect(agent.terminate() == 0)
        let watching = ws.events("watching").first { $0["album"] as? String == "Network share" }
        #expect(watching?["mode"] as? String == "poll")
    }

    @Test func systemdHearsReadyAndStopping() throws {
        let ws = TestWorkspace("notify")
        let socketPath = ws.dir.path("notify.sock").path
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            socketPath.utf8CString.withUnsafeBytes { buffer.copyMemory(from: $0) }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [String] = []
        func drain() {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count <= 0 { return }
                received.append(String(decoding: buffer[0..<count], as: UTF8.self))
            }
        }
        let agent = try AgentProcess(ws, environment: ["NOTIFY_SOCKET": socketPath])
        #expect(eventually(within: 30) { drain(); return received.contains { $0.contains("READY=1") } })
        #expect(agent.terminate() == 0)
        drain()
        #expect(received.contains { $0.contains("STOPPING=1") })
    }

    @Test func sighupReloadsAGoodConfigAndRefusesABadOne() throws {
        let ws = TestWorkspace("reload")
        let agent = try AgentProcess(ws)
        let good = try String(contentsOf: agent.config, encoding: .utf8)
        try (good + "\n[album.\"Small\".preprocess]\nmax_edge = 256\n").write(to: agent.config, atomically: false, encoding: .utf8)
        kill(agent.process.processIdentifier, SIGHUP)
        #expect(agent.waitFor("reloaded", within: 30))
        // Root, state and workers are as they were (state did not exist yet when the agent
        // first read the file): no note that they wait for a restart.
        #expect(ws.events("reloaded").first?["note"] == nil, "\(ws.events("reloaded"))")
        try Data(try Self.photo(1, size: 600)).write(to: ws.dir.folder("root", "inbox", "Small").appendingPathComponent("s.jpg"))
        #expect(agent.waitFor("processed"))
        let output = try VipsImage.open(path: ws.layout.outbox(album: "Small", variant: "web").appendingPathComponent("s.webp").path)
        #expect(output.width == 256, "the reloaded setting is in force")

        try (good + "\n[defaults.preprocess]\nmax_egde = 10\n").write(to: agent.config, atomically: false, encoding: .utf8)
        kill(agent.process.processIdentifier, SIGHUP)
        #expect(agent.waitFor("config_rejected", within: 30))
        let rejected = ws.events("config_rejected").first?["detail"] as? String ?? ""
        #expect(rejected.contains("max_egde") && rejected.contains("max_edge"))
        #expect(agent.process.isRunning, "a bad config does not stop the agent")

        // Tables that are fine alone but not together for the album that gets both.
        try (good + """

            [album."Sm*".preprocess]
            format = "avif"
            effort = 8
            [album."Small".preprocess]
            format = "webp"
            """).write(to: agent.config, atomically: false, encoding: .utf8)
        kill(agent.process.processIdentifier, SIGHUP)
        #expect(agent.waitFor("config_rejected", count: 2, within: 30))
        let combined = ws.events("config_rejected").last?["detail"] as? String ?? ""
        #expect(combined.contains(#"album.Small.preprocess.effort"#) && combined.contains(#"[album."Sm*"]"#), "\(combined)")
        // The config in force is still the one that made Small 256 px.
        try Data(try Self.photo(2, size: 600)).write(to: ws.layout.inbox(album: "Small").appendingPathComponent("t.jpg"))
        #expect(agent.waitFor("processed", count: 2))
        let second = try VipsImage.open(path: ws.layout.outbox(album: "Small", variant: "web").appendingPathComponent("t.webp").path)
        #expect(second.width == 256)

        // A real change of workers is noted as waiting for the next start.
        try good.replacingOccurrences(of: "workers = 2", with: "workers = 3").write(to: agent.config, atomically: false, encoding: .utf8)
        kill(agent.process.processIdentifier, SIGHUP)
        #expect(agent.waitFor("reloaded", count: 2, within: 30))
        #expect(ws.events("reloaded").last?["note"] as? String == "root, state and workers changes take effect at the next start")
        #expect(agent.terminate() == 0)
    }
}
