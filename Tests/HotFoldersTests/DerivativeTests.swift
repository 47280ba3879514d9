import Foundation
import Testing
import Vips
@testable import HotFolders

/// The responsive sizes as a web page uses them: one folder per long edge, each size in WebP,
/// AVIF and JPEG, never enlarged, cut from the image preprocess already decoded, sRGB, and with
/// the metadata the settings ask for.
@Suite struct DerivativeTests {
    static func preprocessed(width: Int, height: Int, dir: TemporaryDirectory) async throws -> PhotoWork {
        let url = try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: width, height: height), to: dir.path("p.jpg"))
        var photo = PhotoWork(source: url, album: "A", originalName: "p.jpg", kind: .jpeg)
        try await PreprocessRule(settings: PreprocessSettings()).apply(to: &photo, in: .scratch)
        return photo
    }

    @Test func everySizeInEveryFormatCutFromTheDecodedImage() async throws {
        let dir = TemporaryDirectory("deriv-sizes")
        var photo = try await Self.preprocessed(width: 3000, height: 2000, dir: dir)
        // The rule never reads the file again: it works from the image preprocess holds.
        try FileManager.default.removeItem(at: photo.source)
        try await DerivativesRule(settings: DerivativesSettings()).apply(to: &photo, in: .scratch)

        let derivatives = photo.outputs.filter { $0.variant != "web" }
        #expect(derivatives.map { "\($0.variant) \($0.encoding.format.rawValue) \($0.encoding.quality)" } == [
            "256 webp 85", "256 avif 75", "256 jpeg 90", "512 webp 85", "512 avif 75", "512 jpeg 90",
            "1024 webp 85", "1024 avif 75", "1024 jpeg 90",
        ])
        // 2048x1360 web image: each size's long edge is the size, the aspect ratio kept.
        let sizes = derivatives.map { "\($0.image.width)x\($0.image.height)" }
        #expect(Set(sizes) == ["256x170", "512x340", "1024x680"])
        #expect(derivatives.allSatisfy { $0.encoding.metadata == .strip && $0.suffix.isEmpty })
        #expect(derivatives.allSatisfy { $0.image.interpretation == .srgb && $0.image.bandFormat == .uchar })
        // The same pixels as the web image scaled, not another decode of the original.
        let web = try #require(photo.image)
        let half = try #require(derivatives.first { $0.variant == "1024" }?.image)
        #expect(try half.meanAbsoluteDifference(to: web.resized(scale: 0.5)) < 1)
    }

    @Test func smallPhotosAreNeverEnlarged() async throws {
        let dir = TemporaryDirectory("deriv-small")
        var medium = try await Self.preprocessed(width: 600, height: 400, dir: dir)
        try await DerivativesRule(settings: DerivativesSettings()).apply(to: &medium, in: .scratch)
        #expect(Set(medium.outputs.filter { $0.variant != "web" }.map { "\($0.variant) \($0.image.width)x\($0.image.height)" })
                == ["256 256x171", "512 512x341"])

        // Smaller than every size: only the smallest, at the photo's own size.
        var tiny = try await Self.preprocessed(width: 200, height: 120, dir: dir)
        try await DerivativesRule(settings: DerivativesSettings()).apply(to: &tiny, in: .scratch)
        let sizes = tiny.outputs.filter { $0.variant != "web" }
        #expect(sizes.count == 3 && sizes.allSatisfy { $0.variant == "256" && $0.image.width == 200 && $0.image.height == 120 })
    }

    @Test func withoutPreprocessTheRuleSaysWhatToChange() async {
        var photo = PhotoWork(source: URL(fileURLWithPath: "/nonexistent.jpg"), album: "A", originalName: "x.jpg", kind: .jpeg)
        let error = await #expect(throws: RuleError.self) { try await DerivativesRule(settings: DerivativesSettings()).apply(to: &photo, in: .scratch) }
        #expect(error?.reason.contains("put \"preprocess\" before \"derivatives\"") == true)
    }

    @Test func processedAlbumHasAFolderPerSizeWithEachFormatDecodable() async throws {
        var settings = AlbumSettings()
        settings.rules = [.preprocess, .derivatives]
        let ws = TestWorkspace("deriv-batch", defaults: settings)
        let source = ws.dir.folder("src")
        try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: 1800, height: 1200), to: source.appendingPathComponent("beach.jpg"),
                                      orientation: 1)
        try ws.drop(source.appendingPathComponent("beach.jpg"), album: "Trip")
        let (summary, _) = try await ws.process()
        #expect(summary.processed == 1)

        let files = ws.files(in: ws.layout.outbox(album: "Trip"))
        #expect(files == ["1024/beach.avif", "1024/beach.jpg", "1024/beach.webp", "256/beach.avif", "256/beach.jpg", "256/beach.webp",
                          "512/beach.avif", "512/beach.jpg", "512/beach.webp", "manifest.json", "web/beach.webp"])
        let folder = ws.layout.outbox(album: "Trip")
        for (file, loader) in [("1024/beach.avif", "heifload"), ("512/beach.jpg", "jpegload"), ("256/beach.webp", "webpload")] {
            let header = try VipsHeader(path: folder.appendingPathComponent(file).path)
            #expect(header.loader.hasPrefix(loader), "\(file): \(header.loader)")
            #expect(max(header.width, header.height) == Int(file.prefix { $0 != "/" }), "\(file)")
        }
        // Stripped by default: no EXIF block in the JPEG derivative, though the original had one.
        #expect(!Self.containsExif(folder.appendingPathComponent("512/beach.jpg")))
    }

    @Test func metadataKeepCopiesTheEXIFIntoTheDerivatives() async throws {
        var settings = AlbumSettings()
        settings.rules = [.preprocess, .derivatives]
        settings.derivatives.metadata = .keep
        settings.derivatives.formats = [.jpeg]
        let ws = TestWorkspace("deriv-keep", defaults: settings)
        let url = try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: 900, height: 600), to: ws.dir.path("k.jpg"), orientation: 1)
        try ws.drop(url, album: "Keep")
        _ = try await ws.process()
        #expect(Self.containsExif(ws.layout.outbox(album: "Keep").appendingPathComponent("512/k.jpg")))
    }

    /// Whether a JPEG carries an EXIF APP1 segment.
    static func containsExif(_ url: URL) -> Bool {
        guard let data = FileManager.default.contents(atPath: url.path) else { return false }
        return data.prefix(64 * 1024).range(of: Data("Exif\0\0".utf8)) != nil
    }
}
