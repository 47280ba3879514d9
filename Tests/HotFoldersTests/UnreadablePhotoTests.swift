import Foundation
import Glibc
import Testing
@testable import HotFolders

/// The unprivileged user the binary runs as where root would never be refused.
enum Nobody {
    static let uid: UInt32 = 65534

    static let canRun: Bool = {
        let dir = TemporaryDirectory("nobody-probe")
        return (try? CommandLineTool.run(["--help"], logs: dir.path("help"), user: uid))?.status == 0
    }()
}

/// A photo the agent has no permission to read (mode 000): one clear event that says so and what
/// to do, not one per pass; `status` counts it as failed, not waiting; once readable it is
/// processed like any other. Root reads a mode-000 file, so the binary runs as `nobody`.
@Suite(.enabled(if: Nobody.canRun, "setpriv cannot run the binary as nobody (65534) here"))
struct UnreadablePhotoTests {
    static let nobody = Nobody.uid

    func run(_ ws: TestWorkspace, _ arguments: [String], _ label: String) throws -> String {
        let result = try CommandLineTool.run(arguments + ["--config", ws.dir.path("hotfolders.toml").path],
                                             logs: ws.dir.path(label), user: Self.nobody)
        #expect(result.status == 0 || result.status == 1, "\(label): \(result.out) \(result.err)")
        return result.out
    }

    /// The numbers on the album's line of `status` (WAITING, DONE, FAILED, DUPLICATE).
    func statusCounts(_ ws: TestWorkspace, album: String, _ label: String) throws -> [Int] {
        let out = try run(ws, ["status"], label)
        let line = out.split(separator: "\n").first { $0.split(separator: " ").first.map(String.init) == album }
        return (line ?? "").split(separator: " ").dropFirst().compactMap { Int($0) }
    }

    @Test func aPhotoItMayNotReadIsReportedOnceAndCountedAsFailed() throws {
        let ws = TestWorkspace("unreadable")
        let album = ws.layout.inbox(album: "Trip")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        try GeneratedImages.writeJPEG(try GeneratedImages.photoLike(width: 320, height: 240, seed: 1),
                                      to: album.appendingPathComponent("good.jpg"))
        let locked = album.appendingPathComponent("locked.jpg")
        try GeneratedImages.writeJPEG(try GeneratedImages.photoLike(width: 320, height: 240, seed: 2), to: locked)
        try ws.writeConfig()
        try FileManager.default.createDirectory(at: ws.configuration.state, withIntermediateDirectories: true)
        #expect(ReadOnlySource.run("/usr/bin/chown", ["-R", "\(Self.nobody):\(Self.nobody)", ws.dir.url.path]))
        #expect(chmod(locked.path, 0) == 0)

        for pass in 1...3 { _ = try run(ws, ["process"], "process-\(pass)") }

        let about = { (file: String) in ws.events().filter { $0["file"] as? String == file } }
        let reports = about("locked.jpg")
        #expect(reports.count == 1, "one event for the file, not one per pass: \(reports)")
        #expect(reports.first?["event"] as? String == "failed")
        #expect((reports.first?["reason"] as? String)?.contains("no permission to read the file") == true)
        #expect((reports.first?["reason"] as? String)?.contains("chmod a+r") == true)
        #expect(about("good.jpg").map { $0["event"] as? String } == ["processed"])
        #expect(ws.files(in: album) == ["locked.jpg"], "it stays where it is")
        #expect(try statusCounts(ws, album: "Trip", "status-1") == [0, 1, 1, 0], "failed, not waiting")

        #expect(chmod(locked.path, 0o644) == 0)
        _ = try run(ws, ["process"], "process-readable")

        #expect(about("locked.jpg").map { $0["event"] as? String } == ["failed", "processed"])
        #expect(try statusCounts(ws, album: "Trip", "status-2") == [0, 2, 0, 0])
        #expect(ws.files(in: ws.layout.originals(album: "Trip")) == ["good.jpg", "locked.jpg"])
    }
}
