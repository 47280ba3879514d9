import Foundation
import Testing
import Vips
@testable import HotFolders

/// `hotfolders process` end to end on real photos: outputs, originals, the catalog, the log.
@Suite(.enabled(if: Corpus.available, Corpus.skipMessage))
struct BatchTests {
    @Test func inboxPhotosAreProcessedThenArchivedByteForByte() async throws {
        let ws = TestWorkspace("batch")
        let sources = ["Landscape_6.jpg", "Portrait_3.jpg"].map { Corpus.file("orientation", $0) }
            + [Corpus.file("cameras", "iphone_13_pro_max.heic"), Corpus.file("formats", "BSG1.tiff")]
        for source in sources { try ws.drop(source, album: "Trip 2024") }

        let (summary, _) = try await ws.process()

        #expect(summary.processed == 4)
        #expect(summary.failed == 0)
        #expect(ws.files(in: ws.layout.inbox(album: "Trip 2024")).isEmpty)
        #expect(ws.files(in: ws.layout.outbox(album: "Trip 2024", variant: "web")) ==
                ["BSG1.webp", "Landscape_6.webp", "Portrait_3.webp", "iphone_13_pro_max.webp"])
        for output in ws.files(in: ws.layout.outbox(album: "Trip 2024", variant: "web")) {
            let bytes = magic(of: ws.layout.outbox(album: "Trip 2024", variant: "web").appendingPathComponent(output))
            #expect(Array(bytes[0..<4]) == Array("RIFF".utf8) && Array(bytes[8..<12]) == Array("WEBP".utf8), "\(output)")
        }
        // Every original is in originals/, unchanged.
        for source in sources {
            let archived = ws.layout.originals(album: "Trip 2024").appendingPathComponent(source.lastPathComponent)
            #expect(try sha256(of: archived) == sha256(of: source))
        }
        let processed = ws.events("processed")
        #expect(processed.count == 4)
        #expect(processed.allSatisfy { ($0["time"] as? String)?.hasSuffix("Z") == true && $0["ms"] is Int })
        #expect(try ws.open().catalog.count(status: "done") == 4)
    }

    @Test func everyOddFileEndsProcessedOrFailedWithAReasonAndTheBatchGoesOn() async throws {
        let ws = TestWorkspace("odd")
        let odd = Corpus.files(in: "odd")
        for file in odd { try ws.drop(file, album: "Odd") }

        let (summary, outcomes) = try await ws.process()

        #expect(summary.total == odd.count)
        #expect(summary.processed > 0 && summary.failed > 0)
        #expect(ws.files(in: ws.layout.inbox(album: "Odd")).isEmpty, "nothing left behind in the inbox")
        let failedFolder = ws.layout.failed(album: "Odd")
        for (arrival, outcome) in outcomes {
            switch outcome {
            case .processed:
                #expect(FileManager.default.fileExists(atPath: ws.layout.originals(album: "Odd").appendingPathComponent(arrival.name).path))
            case .failed(_, let reason, let movedTo):
                #expect(!reason.isEmpty)
                #expect(movedTo == "failed/Odd/\(arrival.name)")
                let report = failedFolder.appendingPathComponent(arrival.name + ".error.json")
                let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
                #expect((json?["reason"] as? String)?.isEmpty == false, "\(arrival.name)")
                #expect(json?["stage"] as? String != nil)
                #expect((json?["time"] as? String)?.hasSuffix("Z") == true)
            default:
                Issue.record("unexpected outcome \(outcome) for \(arrival.name)")
            }
        }
        // The files known to be undecodable are among the failures.
        let failedNames = Set(outcomes.filter { $0.1.isFailure }.map(\.0.name))
        #expect(failedNames.isSuperset(of: ["beach.jpg", "corrupted.jpg",
                                            "IllegalArgumentException.HeifReader.processBoxes.heif",
                                            "NullPointerException.HeifPictureHandler.processBox.heif"]))
    }

    @Test func aJpegXLIsReadByItsContentAndComesOutAs8BitSRGB() async throws {
        let ws = TestWorkspace("jxl")
        let source = Corpus.file("formats", "test_0001.jxl")
        try ws.drop(source, album: "JXL", as: "scan.bin")  // the content says what it is, not the name

        let (summary, _) = try await ws.process()

        #expect(summary.processed == 1)
        let output = ws.layout.outbox(album: "JXL", variant: "web").appendingPathComponent("scan.webp")
        let image = try VipsImage.open(path: output.path)
        #expect(image.width == 1280 && image.height == 1024)
        #expect(image.bands == 3 && image.bandFormat == .uchar && image.interpretation == .srgb)
        // 16-bit grey made 8-bit: the same picture, grey (R = G = B), the same mean brightness.
        let original = try VipsImage.open(path: source.path)
        let expected = try original.average() / 257
        let mean = try image.average()
        #expect(abs(mean - expected) < 3, "mean \(mean) vs \(expected)")
        for (x, y) in [(100, 100), (640, 512), (1200, 900)] {
            let pixel = try image.pixel(x: x, y: y)
            #expect(pixel[0] == pixel[1] && pixel[1] == pixel[2], "\(pixel) at \(x),\(y)")
        }
        #expect(try sha256(of: ws.layout.originals(album: "JXL").appendingPathComponent("scan.bin")) == sha256(of: source))
    }

    @Test func sameContentUnderAnotherNameIsADuplicateAndNotProcessedAgain() async throws {
        let ws = TestWorkspace("dup")
        let photo = Corpus.file("gps", "DSCN0010.jpg")
        try ws.drop(photo, album: "A", as: "first.jpg")
        try await ws.process()
        try ws.drop(photo, album: "A", as: "second.jpg")
        try ws.drop(photo, album: "B", as: "elsewhere.jpg")  // another album is not a duplicate

        let (summary, _) = try await ws.process()

        #expect(summary.duplicates == 1)
        #expect(summary.processed == 1)
        #expect(ws.files(in: ws.layout.outbox(album: "A")) == ["web/first.webp"])
        #expect(ws.files(in: ws.layout.originals(album: "A")) == ["first.jpg", "second.jpg"])
        let duplicate = try #require(ws.events("duplicate").first)
        #expect(duplicate["file"] as? String == "second.jpg")
        #expect(duplicate["duplicate_of"] as? String == "first.jpg")
    }

    @Test func filesOutsideTheInboxAreReadAndLeftWhereTheyAre() async throws {
        let ws = TestWorkspace("outside")
        let folder = ws.dir.folder("card", "DCIM")
        let copy = folder.appendingPathComponent("IMG_0001.jpg")
        try FileManager.default.copyItem(at: Corpus.file("gps", "DSCN0012.jpg"), to: copy)

        let (summary, _) = try await ws.process([folder], album: "Card")

        #expect(summary.processed == 1)
        #expect(FileManager.default.fileExists(atPath: copy.path))
        #expect(ws.files(in: ws.layout.outbox(album: "Card")) == ["web/IMG_0001.webp"])
        #expect(ws.files(in: ws.layout.originals).isEmpty)
    }

    @Test func sameNameInOneAlbumGetsNumberedNotOverwritten() async throws {
        let ws = TestWorkspace("clash")
        try ws.drop(Corpus.file("gps", "DSCN0021.jpg"), album: "A", as: "IMG_1.jpg")
        try ws.drop(Corpus.file("formats", "sampleWithExifData.png"), album: "A", as: "IMG_1.png")
        try ws.drop(Corpus.file("formats", "BSG1.tiff"), album: "A", as: "IMG_1.tiff")

        let (summary, _) = try await ws.process()

        #expect(summary.processed == 3)
        #expect(ws.files(in: ws.layout.outbox(album: "A", variant: "web")) == ["IMG_1.webp", "IMG_1_1.webp", "IMG_1_2.webp"])
        // Each output is a different picture.
        let hashes = try ws.files(in: ws.layout.outbox(album: "A", variant: "web")).map {
            try sha256(of: ws.layout.outbox(album: "A", variant: "web").appendingPathComponent($0))
        }
        #expect(Set(hashes).count == 3)
    }
}

/// Hostile input that must never lose a photo or escape the root.
@Suite(.enabled(if: Corpus.available, Corpus.skipMessage))
struct HostileInputTests {
    @Test func nonPhotosAndSymlinksAreSkippedAndLeftInPlace() async throws {
        let ws = TestWorkspace("hostile")
        let album = ws.layout.inbox(album: "A")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        try Data("not a photo at all".utf8).write(to: album.appendingPathComponent("notes.jpg"))
        let secret = ws.dir.path("secret.jpg")
        try FileManager.default.copyItem(at: Corpus.file("gps", "DSCN0025.jpg"), to: secret)
        try FileManager.default.createSymbolicLink(at: album.appendingPathComponent("link.jpg"), withDestinationURL: secret)
        // A whole album that is a symlink to a folder outside the root.
        let outside = ws.dir.folder("outside")
        try FileManager.default.copyItem(at: Corpus.file("gps", "DSCN0027.jpg"), to: outside.appendingPathComponent("x.jpg"))
        try FileManager.default.createSymbolicLink(at: ws.layout.inbox(album: "Linked"), withDestinationURL: outside)

        let (summary, _) = try await ws.process()

        #expect(summary.processed == 0)
        #expect(summary.skipped == 3)
        #expect(FileManager.default.fileExists(atPath: album.appendingPathComponent("notes.jpg").path))
        #expect(FileManager.default.fileExists(atPath: secret.path))
        #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent("x.jpg").path))
        #expect(ws.events("skipped").count == 3)
    }

    @Test func strangeNamesAreProcessedAndLoggedOnOneLineEach() async throws {
        let ws = TestWorkspace("names")
        let names = ["quote\"and'apos.jpg", "new\nline.jpg", "Montréal 🏔.jpg", "-rf.jpg", String(repeating: "é", count: 120) + ".jpg"]
        for name in names { try ws.drop(Corpus.file("gps", "DSCN0029.jpg"), album: "Ünïcode \"album\"", as: name) }
        // Different content per name, so none is a duplicate of another.
        let sources = ["DSCN0029.jpg", "DSCN0038.jpg", "DSCN0040.jpg", "DSCN0042.jpg", "DSCN0010.jpg"]
        for (name, source) in zip(names, sources) {
            let target = ws.layout.inbox(album: "Ünïcode \"album\"").appendingPathComponent(name)
            try FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: Corpus.file("gps", source), to: target)
        }

        let (summary, _) = try await ws.process()

        #expect(summary.processed == names.count)
        let outputs = ws.files(in: ws.layout.outbox(album: "Ünïcode \"album\"", variant: "web"))
        #expect(outputs.count == names.count)
        #expect(outputs.allSatisfy { $0.utf8.count <= 255 })
        let logged = ws.events("processed").compactMap { $0["file"] as? String }
        #expect(Set(logged) == Set(names))
    }

    @Test func anOutboxAlbumThatIsASymlinkIsRefusedAndTheOriginalKept() async throws {
        let ws = TestWorkspace("outbox-link")
        try ws.drop(Corpus.file("gps", "DSCN0021.jpg"), album: "A")
        let elsewhere = ws.dir.folder("elsewhere")
        try FileManager.default.createDirectory(at: ws.layout.outbox, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: ws.layout.outbox(album: "A"), withDestinationURL: elsewhere)

        let (summary, outcomes) = try await ws.process()

        #expect(summary.failed == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
        if case .failed(let stage, let reason, _) = outcomes.first?.1 {
            #expect(stage == "write")
            #expect(reason.contains("symlink"))
        } else {
            Issue.record("expected a failure, got \(String(describing: outcomes.first?.1))")
        }
        #expect(FileManager.default.fileExists(atPath: ws.layout.failed(album: "A").appendingPathComponent("DSCN0021.jpg").path))
    }
}
