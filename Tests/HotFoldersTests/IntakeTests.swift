import Foundation
import Testing
@testable import HotFolders

@Suite struct IntakeTests {
    @Test func sniffsEachAcceptedKindByContentNotExtension() {
        #expect(ImageKind.sniff([0xFF, 0xD8, 0xFF, 0xE1]) == .jpeg)
        #expect(ImageKind.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == .png)
        #expect(ImageKind.sniff(Array("RIFF\0\0\0\0WEBPVP8 ".utf8)) == .webp)
        #expect(ImageKind.sniff([0x49, 0x49, 0x2A, 0x00]) == .tiff)
        #expect(ImageKind.sniff([0x4D, 0x4D, 0x00, 0x2A]) == .tiff)
        #expect(ImageKind.sniff([0, 0, 0, 0x18] + Array("ftypheic".utf8)) == .heif)
        #expect(ImageKind.sniff([0, 0, 0, 0x1C] + Array("ftypavif".utf8)) == .avif)
        // JPEG XL: a bare codestream, or the container whose first box is the `JXL ` signature.
        #expect(ImageKind.sniff([0xFF, 0x0A, 0xFA, 0x1F]) == .jxl)
        #expect(ImageKind.sniff([0, 0, 0, 0x0C] + Array("JXL ".utf8) + [0x0D, 0x0A, 0x87, 0x0A]) == .jxl)
        #expect(ImageKind.sniff([0, 0, 0, 0x0C] + Array("JXL ".utf8) + [0x0D, 0x0A, 0x87, 0x0B]) == nil)
        #expect(ImageKind.sniff([0, 0, 0, 0x18] + Array("ftypmp42".utf8)) == nil)  // a video is not a photo
        #expect(ImageKind.sniff(Array("%PDF-1.7".utf8)) == nil)
        #expect(ImageKind.sniff([]) == nil)
    }

    @Test func inspectionHashesTheWholeFileInOnePass() throws {
        let dir = TemporaryDirectory("inspect")
        let file = dir.path("x.jpg")
        var bytes: [UInt8] = [0xFF, 0xD8, 0xFF]
        bytes += (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }  // spans several read chunks
        try Data(bytes).write(to: file)
        let inspection = try Inspection.of(file)
        #expect(inspection.kind == .jpeg)
        #expect(inspection.size == Int64(bytes.count))
        // sha256sum of the same bytes, computed independently by the system tool.
        let tool = Process()
        tool.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        tool.arguments = [file.path]
        let pipe = Pipe()
        tool.standardOutput = pipe
        try tool.run()
        tool.waitUntilExit()
        let expected = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
        #expect(inspection.sha256 == String(expected))
    }

    @Test func inspectionRefusesSymlinks() throws {
        let dir = TemporaryDirectory("inspect-link")
        let target = dir.path("real.jpg")
        try Data([0xFF, 0xD8, 0xFF]).write(to: target)
        try FileManager.default.createSymbolicLink(at: dir.path("link.jpg"), withDestinationURL: target)
        #expect(throws: SystemError.self) { try Inspection.of(dir.path("link.jpg")) }
    }

    @Test func walkStreamsFilesSkipsTemporaryNamesAndReportsLinks() throws {
        let dir = TemporaryDirectory("walk")
        let album = dir.folder("inbox", "A", "day 2")
        for name in ["a.jpg", ".hidden.jpg", "b.jpg.part", "c.crdownload", "~lock", "._a.jpg"] {
            try Data([1]).write(to: album.deletingLastPathComponent().appendingPathComponent(name))
        }
        try Data([1]).write(to: album.appendingPathComponent("d.jpg"))
        dir.folder("inbox", "A", "@eaDir")
        try Data([1]).write(to: dir.path("inbox", "A", "@eaDir", "thumb.jpg"))
        try FileManager.default.createSymbolicLink(at: dir.path("inbox", "A", "link.jpg"), withDestinationURL: dir.path("inbox", "A", "a.jpg"))

        var files: [String] = []
        var links: [String] = []
        for entry in FolderWalk(dir.path("inbox")) {
            switch entry {
            case .file(_, let relative): files.append(relative)
            case .link(_, let relative): links.append(relative)
            case .notUTF8(_, let relative, _): Issue.record("no name here is invalid UTF-8: \(relative)")
            }
        }
        #expect(files.sorted() == ["A/a.jpg", "A/day 2/d.jpg"])
        #expect(links == ["A/link.jpg"])
    }

    @Test func durableWriteLeavesNoTemporaryFileAndNeverFollowsLinks() throws {
        let dir = TemporaryDirectory("folder")
        let root = try Folder.open(dir.url)
        let web = try root.folder(["outbox", "A", "web"], create: true)
        try web.writeDurably("x.webp", bytes: [1, 2, 3])
        try web.writeDurably("x.webp", bytes: [4, 5])  // replaced whole
        #expect(try Data(contentsOf: dir.path("outbox", "A", "web", "x.webp")) == Data([4, 5]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("outbox", "A", "web").path) == ["x.webp"])

        // An album folder that is a symlink to somewhere else is refused, not written through.
        let elsewhere = dir.folder("elsewhere")
        try FileManager.default.createSymbolicLink(at: dir.path("outbox", "B"), withDestinationURL: elsewhere)
        #expect(throws: SystemError.self) { try root.folder(["outbox", "B", "web"], create: true) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }

    @Test func moveNeverReplacesAnExistingFile() throws {
        let dir = TemporaryDirectory("move")
        let root = try Folder.open(dir.url)
        let a = try root.folder(["a"], create: true)
        let b = try root.folder(["b"], create: true)
        try a.writeDurably("x.jpg", bytes: [1])
        try b.writeDurably("x.jpg", bytes: [2])
        #expect(throws: SystemError.self) { _ = try a.move("x.jpg", to: b, as: "x.jpg") }
        #expect(try Data(contentsOf: dir.path("b", "x.jpg")) == Data([2]))
        #expect(try a.move("x.jpg", to: b, as: "x_1.jpg"))
        #expect(try Data(contentsOf: dir.path("b", "x_1.jpg")) == Data([1]))
        #expect(!FileManager.default.fileExists(atPath: dir.path("a", "x.jpg").path))
    }
}
