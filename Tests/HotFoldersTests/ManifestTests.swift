import Foundation
import Synchronization
import Testing
import Vips
@testable import HotFolders

/// `outbox/<Album>/manifest.json` as a web developer reads it: every photo and every output,
/// each entry true to the file it names; updated as photos arrive and never seen torn.
@Suite struct ManifestTests {
    static func settings() -> AlbumSettings {
        var settings = AlbumSettings()
        settings.rules = [.preprocess, .derivatives]
        settings.derivatives.formats = [.webp, .jpeg]
        return settings
    }

    static func read(_ ws: TestWorkspace, album: String) throws -> [String: Any] {
        let data = try Data(contentsOf: ws.layout.outbox(album: album).appendingPathComponent("manifest.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func everyOutputIsListedTrueToItsFile() async throws {
        let ws = TestWorkspace("manifest", defaults: Self.settings())
        let source = ws.dir.folder("src")
        for (index, name) in ["b.jpg", "a.jpg", "day 2/c.jpg"].enumerated() {
            let url = try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: 1200, height: 800, seed: index),
                                                    to: source.appendingPathComponent("\(index).jpg"))
            try ws.drop(url, album: "Trip", as: name)
        }
        _ = try await ws.process()

        let manifest = try Self.read(ws, album: "Trip")
        #expect(manifest["album"] as? String == "Trip")
        #expect((manifest["updated"] as? String).flatMap(Timestamp.date(from:)) != nil)
        #expect(manifest["target"] is NSNull)
        let counts = try #require(manifest["counts"] as? [String: Int])
        #expect(counts == ["photos": 3, "outputs": 21, "deployed": 0, "pending": 0, "failed": 0])
        let photos = try #require(manifest["photos"] as? [[String: Any]])
        #expect(Set(photos.compactMap { $0["name"] as? String }) == ["a.jpg", "b.jpg", "day 2/c.jpg"])
        let folder = ws.layout.outbox(album: "Trip")
        for photo in photos {
            #expect(photo["place"] is NSNull && photo["captured"] is NSNull && photo["status"] as? String == "local")
            let outputs = try #require(photo["outputs"] as? [[String: Any]])
            #expect(outputs.count == 7)
            for output in outputs {
                let file = try #require(output["file"] as? String)
                let data = try Data(contentsOf: folder.appendingPathComponent(file))
                let digest = Digest(of: data)
                #expect(output["bytes"] as? Int == data.count, "\(file)")
                #expect(output["md5"] as? String == digest.md5Hex, "\(file)")
                #expect(output["sha256"] as? String == digest.sha256Hex, "\(file)")
                let header = try VipsHeader(path: folder.appendingPathComponent(file).path)
                #expect(output["width"] as? Int == header.width && output["height"] as? Int == header.height, "\(file)")
                #expect(output["key"] is NSNull && output["url"] is NSNull && output["status"] as? String == "local")
                #expect(file.hasPrefix("\(output["variant"] as? String ?? "?")/"))
            }
        }
        // Nothing but the manifest and the outputs: no temporary file left beside it.
        #expect(!ws.files(in: folder).contains { $0.contains(".partial") })
    }

    @Test func albumsThatDoNotPublishHaveNoManifest() async throws {
        let ws = TestWorkspace("manifest-none")
        try ws.drop(try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: 400, height: 300), to: ws.dir.path("x.jpg")),
                    album: "Plain")
        _ = try await ws.process()
        #expect(ws.files(in: ws.layout.outbox(album: "Plain")) == ["web/x.webp"])
    }

    @Test func photosArrivingQuicklyShareOneWriteAndNoneIsLeftOut() throws {
        // A manifest lists the whole album: written for every photo, an album of n photos costs
        // n² (1,500 small photos took 14 s instead of 5). A write asked for soon after the last
        // one is put off until the interval is over, and then lists every photo recorded since.
        let dir = TemporaryDirectory("manifest-interval")
        let layout = Layout(root: dir.folder("root"))  // made, as a workspace makes it
        let catalog = try Catalog(directory: dir.path("state"))
        // Ten seconds: 19 photos recorded with an fsync each must fit in it on a busy machine.
        let writer = ManifestWriter(layout: layout, catalog: catalog, minimumInterval: .seconds(10))
        let settings = Self.settings()
        func add(_ n: Int) throws {
            let id = try catalog.admit(album: "A", originalName: "p\(n).jpg", size: 1,
                                       sha256: String(repeating: String(format: "%02x", n), count: 32), duplicates: .skip).photoID
            try catalog.recordSuccess(photoID: id, outputs: [
                OutputRecord(variant: "web", path: "outbox/A/web/p\(n).webp", bytes: 1, sha256: String(repeating: "0", count: 64),
                             width: 1, height: 1, format: "webp"),
            ])
            try writer.update(album: "A", settings: settings)
        }
        func listed() throws -> Int {
            let data = try Data(contentsOf: layout.outbox(album: "A").appendingPathComponent("manifest.json"))
            return ((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["photos"] as? [Any])?.count ?? -1
        }

        try add(1)
        #expect(try listed() == 1, "the first photo is written at once")
        for n in 2...20 { try add(n) }
        #expect(try listed() == 1, "put off: the last write was moments ago")
        // No further photo comes: the put-off write happens by itself once the interval is over.
        #expect(eventually(within: 60) { (try? listed()) == 20 })
        // At the end of a batch (or when the agent stops), `flush` writes what waits, now.
        try add(21)
        #expect(try listed() == 20)
        try writer.flush()
        #expect(try listed() == 21)
    }

    @Test func photosFinishingTogetherAreAllListedAndTheFileIsNeverTorn() async throws {
        var settings = Self.settings()
        settings.derivatives.formats = [.jpeg]
        let ws = TestWorkspace("manifest-busy", workers: 4, defaults: settings)
        for index in 0..<12 {
            let url = try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: 700, height: 500, seed: index),
                                                    to: ws.dir.path("\(index).jpg"))
            try ws.drop(url, album: "Busy")
        }
        // A reader polls the manifest all through the batch: whenever it exists, it parses.
        let done = Mutex(false)
        let torn = Mutex(0), reads = Mutex(0)
        let path = ws.layout.outbox(album: "Busy").appendingPathComponent("manifest.json").path
        let reader = Thread {
            while !done.withLock({ $0 }) {
                if let data = FileManager.default.contents(atPath: path) {
                    reads.withLock { $0 += 1 }
                    if (try? JSONSerialization.jsonObject(with: data)) == nil { torn.withLock { $0 += 1 } }
                }
            }
        }
        reader.start()
        let (summary, _) = try await ws.process()
        done.withLock { $0 = true }
        #expect(summary.processed == 12)
        #expect(torn.withLock { $0 } == 0)
        #expect(reads.withLock { $0 } > 0)
        let manifest = try Self.read(ws, album: "Busy")
        #expect((manifest["photos"] as? [[String: Any]])?.count == 12)
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func placeAndCaptureTimeComeFromTheMetadataRule() async throws {
        var settings = Self.settings()
        settings.rules = [.metadata, .preprocess, .derivatives]
        let ws = TestWorkspace("manifest-meta", defaults: settings)
        try ws.drop(Corpus.file("gps", "DSCN0010.jpg"), album: "Tuscany")
        _ = try await ws.process()
        let photo = try #require((try Self.read(ws, album: "Tuscany")["photos"] as? [[String: Any]])?.first)
        // 16:28:39 local at 43.47 N 11.89 E: Italy, summer time (UTC+2) on 22 October 2008.
        #expect(photo["captured"] as? String == "2008-10-22T14:28:39Z")
        #expect((photo["place"] as? String)?.contains("Italy") == true, "\(String(describing: photo["place"]))")
    }
}
