import Foundation
import Testing
import Vips
@testable import HotFolders

/// The whole `process` path on generated photos, so a clone without ../shared/corpus still
/// checks outputs, originals, the catalog and the log end to end.
@Suite struct GeneratedBatchTests {
    @Test func rotatedJPEGAndPNGComeOutUprightSizedAndArchived() async throws {
        let ws = TestWorkspace("generated")
        let album = ws.layout.inbox(album: "Generated")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        // 3000x2000 stored sideways with Orientation 6: displayed 2000x3000 (portrait).
        let sideways = try GeneratedImages.photoLike(width: 3000, height: 2000, seed: 3)
        try GeneratedImages.writeJPEG(sideways, to: album.appendingPathComponent("IMG_0001.jpg"), orientation: 6)
        try GeneratedImages.writePNG(try GeneratedImages.photoLike(width: 1001, height: 603, seed: 4),
                                     to: album.appendingPathComponent("small.png"))

        let (summary, _) = try await ws.process()

        #expect(summary.processed == 2 && summary.failed == 0)
        let web = ws.layout.outbox(album: "Generated", variant: "web")
        let portrait = try VipsImage.open(path: web.appendingPathComponent("IMG_0001.webp").path)
        #expect(portrait.width == 1360 && portrait.height == 2048)  // 1365 cropped to a multiple of 8
        let small = try VipsImage.open(path: web.appendingPathComponent("small.webp").path)
        #expect(small.width == 1000 && small.height == 600)         // never enlarged, cropped to 8
        #expect(ws.files(in: ws.layout.originals(album: "Generated")) == ["IMG_0001.jpg", "small.png"])
        #expect(ws.files(in: album).isEmpty)
        #expect(ws.events("processed").count == 2)
    }

    @Test func afterKeepLeavesOriginalsAndASecondRunDoesNothing() async throws {
        var defaults = AlbumSettings()
        defaults.after = .keep
        let ws = TestWorkspace("keep", defaults: defaults)
        let album = ws.layout.inbox(album: "K")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        try GeneratedImages.writeJPEG(try GeneratedImages.photoLike(width: 800, height: 600), to: album.appendingPathComponent("a.jpg"))

        let (first, _) = try await ws.process()
        let (second, _) = try await ws.process()

        #expect(first.processed == 1)
        #expect(second.processed == 0 && second.unchanged == 1 && second.duplicates == 0)
        #expect(ws.files(in: album) == ["a.jpg"])
        #expect(ws.events("processed").count == 1)
    }

    @Test func afterDeleteRemovesTheOriginalOnlyOnceItsOutputExists() async throws {
        var defaults = AlbumSettings()
        defaults.after = .delete
        let ws = TestWorkspace("delete", defaults: defaults)
        let album = ws.layout.inbox(album: "D")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        try GeneratedImages.writeJPEG(try GeneratedImages.photoLike(width: 800, height: 600), to: album.appendingPathComponent("a.jpg"))
        try Data("definitely not a photo".utf8).write(to: album.appendingPathComponent("b.jpg"))

        let (summary, _) = try await ws.process()

        #expect(summary.processed == 1 && summary.skipped == 1)
        #expect(ws.files(in: album) == ["b.jpg"])  // the skipped file is never deleted
        #expect(ws.files(in: ws.layout.outbox(album: "D")) == ["web/a.webp"])
        #expect(ws.files(in: ws.layout.originals).isEmpty)
    }

    @Test func aTruncatedPhotoFailsWithAReasonAndIsSetAside() async throws {
        let ws = TestWorkspace("truncated")
        let album = ws.layout.inbox(album: "T")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        let whole = try GeneratedImages.writeJPEG(try GeneratedImages.photoLike(width: 1600, height: 1200), to: ws.dir.path("whole.jpg"))
        let bytes = try Data(contentsOf: whole)
        try bytes.prefix(bytes.count / 2).write(to: album.appendingPathComponent("half.jpg"))  // a half-copied photo

        let (summary, outcomes) = try await ws.process()

        #expect(summary.failed == 1)
        guard case .failed(let stage, let reason, let movedTo) = outcomes.first?.1 else {
            Issue.record("expected a failure, got \(String(describing: outcomes.first?.1))"); return
        }
        #expect(stage == "preprocess")
        #expect(reason.contains("damaged or incomplete"))
        #expect(movedTo == "failed/T/half.jpg")
        #expect(ws.files(in: ws.layout.failed(album: "T")) == ["half.jpg", "half.jpg.error.json"])
        #expect(ws.files(in: ws.layout.outbox).isEmpty)
    }
}
