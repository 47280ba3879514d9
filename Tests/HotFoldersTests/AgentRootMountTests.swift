import Foundation
import Glibc
import Testing
@testable import HotFolders

/// Root on a share that is unmounted under the running agent: the bare mount point left behind
/// is not root, so the agent pauses (and writes nothing there) until the share is back.
@Suite struct AgentRootMountTests {
    @Test func anUnmountedRootIsPausedAndResumedWhenItIsBack() throws {
        let ws = TestWorkspace("root-mount")
        // The "share": a tmpfs that outlives its mount at root, as a server's export does.
        let share = ws.dir.folder("share")
        let root = ws.dir.folder("root")
        if let refused = MountPoint.mount(["-t", "tmpfs", "-o", "size=32m", "tmpfs", share.path]) {
            print("skipped anUnmountedRootIsPausedAndResumedWhenItIsBack: mounting is not permitted here (\(refused))")
            return
        }
        defer { MountPoint.unmount(share) }
        try #require(MountPoint.mount(["--bind", share.path, root.path]) == nil)
        var mounted = true
        defer { if mounted { MountPoint.unmount(root) } }

        #expect(root == ws.root)
        try ws.writeConfig("""
            reconcile_interval = "10s"

            [defaults]
            settle = "300ms"
            """)
        let album = ws.layout.inbox(album: "A")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        let agent = try AgentProcess(ws)
        try Data(try AgentTests.photo(1)).write(to: album.appendingPathComponent("before.jpg"))
        #expect(agent.waitFor("processed"))

        // The share goes away: what is left at root is the bare folder on the local disk.
        // Lazily, as a share that went away: the agent still holds files open there (its root lock).
        try #require(MountPoint.run("/usr/bin/umount", ["-l", root.path]) == nil)
        mounted = false
        #expect(agent.waitFor("paused", within: 60))
        let pausedReason = ws.events("paused").first?["reason"] as? String ?? ""
        #expect(pausedReason.contains("is the share mounted?") || pausedReason.contains("the share was unmounted?"), "\(pausedReason)")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        try Data(try AgentTests.photo(2)).write(to: album.appendingPathComponent("bare.jpg"))
        // Two reconciles (10 s each) go by: a paused root is not looked at, so the photo in the
        // bare mount point is neither processed nor moved, and nothing else is made there.
        #expect(!eventually(within: 25) { ws.events("processed").count > 1 || ws.events("failed").count > 0 })
        #expect(ws.files(in: root) == ["inbox/A/bare.jpg"])

        // The share is back (the same file system): the agent resumes and takes new photos.
        try #require(MountPoint.mount(["--bind", share.path, root.path]) == nil)
        mounted = true
        #expect(agent.waitFor("resumed", within: 60))
        try Data(try AgentTests.photo(3)).write(to: album.appendingPathComponent("after.jpg"))
        #expect(agent.waitFor("processed", count: 2))
        #expect(ws.events("processed").last?["file"] as? String == "after.jpg")
        #expect(agent.terminate() == 0)
        #expect(FileManager.default.fileExists(atPath: ws.layout.originals(album: "A").appendingPathComponent("after.jpg").path))
    }
}
