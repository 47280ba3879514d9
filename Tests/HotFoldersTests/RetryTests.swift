import Foundation
import Glibc
import Testing
import Vips
@testable import HotFolders

/// `hotfolders retry`: failed originals made for real (a half-copied JPEG through `process`),
/// put back into the inbox, and processed again.
@Suite struct RetryTests {
    /// Drops half of a JPEG into `inbox/<album>/<name>` and processes it, so it lands in
    /// `failed/<album>/` with its `.error.json`. Returns the whole JPEG's bytes, for a repair.
    @discardableResult
    func makeFailure(_ ws: TestWorkspace, album: String, name: String, seed: Int = 1) async throws -> Data {
        let whole = ws.dir.path("whole-\(seed).jpg")
        try GeneratedImages.writeJPEG(try GeneratedImages.photoLike(width: 640, height: 480, seed: seed), to: whole)
        let bytes = try Data(contentsOf: whole)
        let target = ws.layout.inbox(album: album).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.prefix(bytes.count / 2).write(to: target)
        let (summary, _) = try await ws.process([target])
        #expect(summary.failed == 1, "\(album)/\(name) should have failed")
        #expect(FileManager.default.fileExists(atPath: ws.layout.failed(album: album).appendingPathComponent(name + ".error.json").path))
        return bytes
    }

    func retryAll(_ ws: TestWorkspace, album: String? = nil) throws -> [FailedPhotos.Retried] {
        let workspace = try ws.open()
        let failed = FailedPhotos(layout: ws.layout)
        return try failed.all(album: album).map { try failed.retry($0, events: workspace.events, catalog: workspace.catalog) }
    }

    @Test func aRepairedPhotoGoesBackToTheInboxAndIsProcessed() async throws {
        let ws = TestWorkspace("retry")
        let whole = try await makeFailure(ws, album: "Trip", name: "IMG_1.jpg")
        let failedFolder = ws.layout.failed(album: "Trip")
        // The photographer copies the photo again, whole, over the broken one in failed/.
        try whole.write(to: failedFolder.appendingPathComponent("IMG_1.jpg"))

        let retried = try retryAll(ws)

        #expect(retried == [FailedPhotos.Retried(photo: .init(album: "Trip", name: "IMG_1.jpg"), inboxName: "IMG_1.jpg")])
        #expect(ws.files(in: ws.layout.inbox(album: "Trip")) == ["IMG_1.jpg"])
        #expect(try Data(contentsOf: ws.layout.inbox(album: "Trip").appendingPathComponent("IMG_1.jpg")) == whole)
        #expect(ws.files(in: failedFolder).isEmpty, "the original and its error report are gone from failed/")
        let events = ws.events("retry")
        #expect(events.count == 1)
        #expect(events.first?["album"] as? String == "Trip")
        #expect(events.first?["file"] as? String == "IMG_1.jpg")
        #expect(events.first?["from"] as? String == "failed/Trip/IMG_1.jpg")

        let (summary, _) = try await ws.process()
        #expect(summary.processed == 1 && summary.failed == 0)
        let output = try VipsImage.open(path: ws.layout.outbox(album: "Trip", variant: "web").appendingPathComponent("IMG_1.webp").path)
        #expect(output.width == 640 && output.height == 480)
        #expect(ws.files(in: ws.layout.originals(album: "Trip")) == ["IMG_1.jpg"])
        #expect(ws.files(in: ws.layout.inbox).isEmpty)
    }

    @Test func theSameContentRetriedIsProcessedAgainNotCalledADuplicate() async throws {
        let ws = TestWorkspace("retry-same")
        try await makeFailure(ws, album: "A", name: "half.jpg")

        _ = try retryAll(ws)
        let (summary, _) = try await ws.process()

        // The catalog admits a failed row again; the photo is still broken, so it fails again.
        #expect(summary.failed == 1 && summary.duplicates == 0)
        #expect(ws.files(in: ws.layout.failed(album: "A")) == ["half.jpg", "half.jpg.error.json"])
        #expect(ws.events("failed").count == 2)
    }

    @Test func aFileOfTheSameNameInTheInboxIsNeverReplaced() async throws {
        let ws = TestWorkspace("retry-clash")
        try await makeFailure(ws, album: "A", name: "IMG_1.jpg")
        let inbox = ws.layout.inbox(album: "A")
        try Data("a newer arrival".utf8).write(to: inbox.appendingPathComponent("IMG_1.jpg"))
        try Data("and another".utf8).write(to: inbox.appendingPathComponent("IMG_1_1.jpg"))

        let retried = try retryAll(ws)

        #expect(retried.map(\.inboxName) == ["IMG_1_2.jpg"])
        #expect(ws.files(in: inbox) == ["IMG_1.jpg", "IMG_1_1.jpg", "IMG_1_2.jpg"])
        #expect(try String(contentsOf: inbox.appendingPathComponent("IMG_1.jpg"), encoding: .utf8) == "a newer arrival")
        #expect(ws.events("retry").first?["file"] as? String == "IMG_1_2.jpg")
    }

    @Test func subfoldersAreKeptAndAlbumLimitsTheRetry() async throws {
        let ws = TestWorkspace("retry-album")
        try await makeFailure(ws, album: "A", name: "day 2/IMG_7.jpg", seed: 2)
        try await makeFailure(ws, album: "B", name: "IMG_8.jpg", seed: 3)
        let failed = FailedPhotos(layout: ws.layout)
        #expect(failed.all() == [.init(album: "A", name: "day 2/IMG_7.jpg"), .init(album: "B", name: "IMG_8.jpg")])
        #expect(failed.albums() == ["A", "B"])

        let retried = try retryAll(ws, album: "A")

        #expect(retried.map(\.inboxName) == ["day 2/IMG_7.jpg"])
        #expect(ws.files(in: ws.layout.inbox(album: "A")) == ["day 2/IMG_7.jpg"])
        #expect(ws.files(in: ws.layout.failed(album: "B")) == ["IMG_8.jpg", "IMG_8.jpg.error.json"])
        #expect(ws.files(in: ws.layout.inbox(album: "B")).isEmpty)
        #expect(failed.all() == [.init(album: "B", name: "IMG_8.jpg")])
    }

    @Test func namedFilesAreFoundInEveryWayOfNamingThem() async throws {
        let ws = TestWorkspace("retry-named")
        try await makeFailure(ws, album: "A", name: "IMG_1.jpg", seed: 4)
        try await makeFailure(ws, album: "B", name: "IMG_1.jpg", seed: 5)
        try await makeFailure(ws, album: "B", name: "sub/IMG_2.jpg", seed: 6)
        let failed = FailedPhotos(layout: ws.layout)
        let elsewhere = ws.dir.folder("elsewhere")
        let a1 = FailedPhotos.Photo(album: "A", name: "IMG_1.jpg")
        let b2 = FailedPhotos.Photo(album: "B", name: "sub/IMG_2.jpg")

        #expect(try failed.photo(named: "IMG_1.jpg", album: "A", currentDirectory: elsewhere) == a1)
        #expect(try failed.photo(named: "A/IMG_1.jpg", currentDirectory: elsewhere) == a1)
        #expect(try failed.photo(named: "sub/IMG_2.jpg", currentDirectory: elsewhere) == b2)
        #expect(try failed.photo(named: "B/sub/IMG_2.jpg", currentDirectory: elsewhere) == b2)
        #expect(try failed.photo(named: "IMG_1.jpg.error.json", album: "A", currentDirectory: elsewhere) == a1)
        let absolute = ws.layout.failed(album: "B").appendingPathComponent("sub/IMG_2.jpg").path
        #expect(try failed.photo(named: absolute, currentDirectory: elsewhere) == b2)
        #expect(try failed.photo(named: "failed/A/IMG_1.jpg", currentDirectory: ws.root) == a1, "relative to where the command runs")
        #expect(try failed.photo(named: "IMG_1.jpg", currentDirectory: ws.layout.failed(album: "A")) == a1)

        #expect(throws: FailedPhotos.LookupError.ambiguous("IMG_1.jpg", albums: ["A", "B"])) {
            try failed.photo(named: "IMG_1.jpg", currentDirectory: elsewhere)
        }
        #expect(throws: FailedPhotos.LookupError.notFound("IMG_9.jpg")) {
            try failed.photo(named: "IMG_9.jpg", currentDirectory: elsewhere)
        }
        #expect(throws: FailedPhotos.LookupError.notFound("sub/IMG_2.jpg")) {
            try failed.photo(named: "sub/IMG_2.jpg", album: "A", currentDirectory: elsewhere)
        }
        #expect(throws: FailedPhotos.LookupError.notFound("../A/IMG_1.jpg")) {
            try failed.photo(named: "../A/IMG_1.jpg", album: "B", currentDirectory: elsewhere)
        }
        let outside = ws.dir.path("whole-4.jpg").path
        #expect(throws: FailedPhotos.LookupError.outsideFailed(outside, failed: ws.layout.failed.path)) {
            try failed.photo(named: outside, currentDirectory: elsewhere)
        }
    }

    @Test func aRunningWatcherSeesTheRetriedPhotoArrive() async throws {
        let ws = TestWorkspace("retry-inotify")
        try await makeFailure(ws, album: "A", name: "IMG_1.jpg")
        let inbox = ws.layout.inbox(album: "A")
        let watch = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        #expect(watch >= 0)
        defer { close(watch) }
        #expect(inotify_add_watch(watch, inbox.path, UInt32(IN_CLOSE_WRITE | IN_MOVED_TO)) >= 0)

        _ = try retryAll(ws)

        var names: [String] = []
        #expect(eventually(within: 10) {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { read(watch, $0.baseAddress, $0.count) }
            var offset = 0
            while count > 0 && offset < count {
                let length = buffer.withUnsafeBytes { $0.load(fromByteOffset: offset + 12, as: UInt32.self) }
                let name = buffer[(offset + 16)..<(offset + 16 + Int(length))].prefix { $0 != 0 }
                names.append(String(decoding: name, as: UTF8.self))
                offset += 16 + Int(length)
            }
            return names.contains("IMG_1.jpg")
        }, "IN_CLOSE_WRITE or IN_MOVED_TO for the retried photo; saw \(names)")
    }

    // MARK: The command

    func writeConfig(_ ws: TestWorkspace) throws -> URL { try ws.writeConfig() }

    @Test func theCommandPrintsEachPhotoAndACount() async throws {
        let ws = TestWorkspace("retry-cli")
        try await makeFailure(ws, album: "A", name: "IMG_1.jpg", seed: 7)
        try await makeFailure(ws, album: "B", name: "IMG_2.jpg", seed: 8)
        let config = try writeConfig(ws)

        let run = try CommandLineTool.run(["retry", "--config", config.path, "--album", "B"], logs: ws.dir.path("retry-b"))
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.hasPrefix("""
            retried    B/IMG_2.jpg -> inbox/B/IMG_2.jpg
            1 photo put back into \(ws.layout.inbox.path)/

            """), "\(run.out)")

        let again = try CommandLineTool.run(["retry", "--config", config.path, "--album", "B"], logs: ws.dir.path("retry-b2"))
        #expect(again.status == 0)
        #expect(again.out == "Nothing to retry: no photos in \(ws.layout.failed.path)/B/\n")
        #expect(ws.files(in: ws.layout.failed(album: "A")) == ["IMG_1.jpg", "IMG_1.jpg.error.json"])
    }

    /// Put back into the inbox, the photo is waiting again: `status` counts it once, as waiting,
    /// not also as failed.
    @Test func aRetriedPhotoCountsOnceAsWaitingNotAlsoAsFailed() async throws {
        let ws = TestWorkspace("retry-status")
        try await makeFailure(ws, album: "A", name: "IMG_1.jpg", seed: 3)
        let config = try writeConfig(ws)
        let before = try CommandLineTool.run(["status", "--config", config.path], logs: ws.dir.path("status-before"))
        #expect(before.out.split(separator: "\n").contains { $0.split(separator: " ") == ["A", "0", "0", "1", "0"] }, "\(before.out)")

        let run = try CommandLineTool.run(["retry", "--config", config.path], logs: ws.dir.path("retry"))
        #expect(run.status == 0, "\(run.err)")
        let after = try CommandLineTool.run(["status", "--config", config.path], logs: ws.dir.path("status-after"))
        let lines = after.out.split(separator: "\n").map { $0.split(separator: " ") }
        #expect(lines.first == ["ALBUM", "WAITING", "DONE", "FAILED", "DUPLICATE"], "\(after.out)")
        #expect(lines.contains(["A", "1", "0", "0", "0"]), "\(after.out)")
        #expect(!after.out.contains("Latest failures"), "\(after.out)")
    }

    @Test func aNamedFileThatIsNotThereIsAnErrorButTheOthersAreRetried() async throws {
        let ws = TestWorkspace("retry-missing")
        try await makeFailure(ws, album: "A", name: "IMG_1.jpg")
        let config = try writeConfig(ws)

        let run = try CommandLineTool.run(["retry", "--config", config.path, "A/IMG_1.jpg", "A/nothing.jpg"],
                                          logs: ws.dir.path("retry-missing"))

        #expect(run.status == 1)
        #expect(run.err.contains("Error: A/nothing.jpg: no such photo in failed/"), "\(run.err)")
        #expect(run.out.contains("retried    A/IMG_1.jpg -> inbox/A/IMG_1.jpg"))
        #expect(run.out.contains("1 photo put back into \(ws.layout.inbox.path)/; 1 error above"))
        #expect(ws.files(in: ws.layout.inbox(album: "A")) == ["IMG_1.jpg"])
    }
}
