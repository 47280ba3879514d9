import Foundation
import Testing
import Vips
@testable import HotFolders

/// The preprocess rule as a photographer sees its result: upright, no larger than `max_edge`,
/// sides a multiple of 8, sRGB, the chosen format; damaged files and bombs refused in plain words.
@Suite("Preprocess")
struct PreprocessTests {
    // MARK: - Generated images (run everywhere)

    @Test func largePhotoIsCappedAtMaxEdgeAndCutToMultiplesOf8() async throws {
        let dir = TemporaryDirectory("pre-large")
        let url = try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: 3000, height: 2000), to: dir.path("big.jpg"))
        var photo = Self.photo(url)
        try await PreprocessRule(settings: PreprocessSettings()).apply(to: &photo, in: .scratch)

        let image = try #require(photo.image)
        // 3000x2000 fits 2048 as 2048x1365; a centred crop of 5 rows makes 1360.
        #expect(image.width == 2048 && image.height == 1360)
        #expect(image.interpretation == .srgb && image.bandFormat == .uchar && image.bands == 3)
        #expect(photo.outputs.count == 1)
        #expect(photo.outputs.first?.variant == "web")
        #expect(photo.outputs.first?.encoding == Encoding(format: .webp, quality: 90, effort: nil, metadata: .web))
    }

    @Test func smallPhotoIsNeverEnlargedAndOnlyCroppedAtTheCentre() async throws {
        let dir = TemporaryDirectory("pre-small")
        let source = try GeneratedImages.gradient(width: 500, height: 301)
        let url = try GeneratedImages.writePNG(source, to: dir.path("small.png"))
        var photo = Self.photo(url, kind: .png)
        try await PreprocessRule(settings: PreprocessSettings()).apply(to: &photo, in: .scratch)

        let image = try #require(photo.image)
        #expect(image.width == 496 && image.height == 296)
        // The same pixels, not a resample: 500 -> 496 drops 2 columns each side, 301 -> 296
        // drops 2 rows at the top and 3 at the bottom.
        let expected = try source.cropped(left: 2, top: 2, width: 496, height: 296)
        #expect(try image.meanAbsoluteDifference(to: expected) == 0)
    }

    @Test(arguments: 1...8)
    func generatedPhotoWithOrientationComesOutUpright(_ orientation: Int) async throws {
        let dir = TemporaryDirectory("pre-orient")
        let url = try GeneratedImages.writeJPEG(GeneratedImages.gradient(width: 320, height: 240),
                                                to: dir.path("o\(orientation).jpg"), orientation: orientation)
        var photo = Self.photo(url)
        try await PreprocessRule(settings: PreprocessSettings()).apply(to: &photo, in: .scratch)
        let image = try #require(photo.image)

        let turned = orientation >= 5
        #expect(image.width == (turned ? 240 : 320) && image.height == (turned ? 320 : 240))
        let verdict = try Self.compareWithAutorotate(image, source: url)
        #expect(verdict.upright < 3, "orientation \(orientation): \(verdict)")
        if orientation > 1 {
            #expect(verdict.unrotated > 20, "orientation \(orientation): \(verdict)")
        }
    }

    @Test func decompressionBombIsRefusedFromItsHeader() async throws {
        let dir = TemporaryDirectory("pre-bomb")
        // 120 megapixels of black compress to a few hundred KB; only the first 4 KB are kept,
        // so decoding it would fail with a different reason: refusing it proves nothing was decoded.
        let png = try VipsImage.black(width: 12000, height: 10000).encoded(as: .png, quality: 100, effort: 1, stripMetadata: true)
        let url = dir.path("bomb.png")
        try Data(png.prefix(4096)).write(to: url)

        var settings = PreprocessSettings()
        settings.maxMegapixels = 50
        var photo = Self.photo(url, kind: .png)
        let refusal = await #expect(throws: RuleError.self) { try await PreprocessRule(settings: settings).apply(to: &photo, in: .scratch) }
        #expect(refusal?.reason == "photo is 120 megapixels (12000x10000), over the 50 megapixel limit (max_megapixels)")
        #expect(photo.image == nil && photo.outputs.isEmpty)

        // Within the limit, the same file is decoded, and fails as the truncated file it is.
        settings.maxMegapixels = 200
        let damaged = await #expect(throws: RuleError.self) { try await PreprocessRule(settings: settings).apply(to: &photo, in: .scratch) }
        #expect(damaged?.reason.contains("damaged or incomplete") == true)
        #expect(damaged?.detail?.isEmpty == false)
    }

    @Test func halfCopiedJPEGFailsInsteadOfComingOutGrey() async throws {
        let dir = TemporaryDirectory("pre-truncated")
        let whole = try GeneratedImages.photoLike(width: 800, height: 600).encoded(as: .jpeg, quality: 90, stripMetadata: true)
        let url = dir.path("half.jpg")
        try Data(whole.prefix(whole.count / 2)).write(to: url)

        var photo = Self.photo(url)
        let error = await #expect(throws: RuleError.self) { try await PreprocessRule(settings: PreprocessSettings()).apply(to: &photo, in: .scratch) }
        #expect(error?.reason.contains("damaged or incomplete") == true)
        #expect(error?.detail?.isEmpty == false, "libvips's own message is kept")
    }

    @Test func notAnImageIsRefusedInPlainWords() async throws {
        let dir = TemporaryDirectory("pre-text")
        let url = dir.path("notes.jpg")
        try Data("shopping list".utf8).write(to: url)
        var photo = Self.photo(url)
        let error = await #expect(throws: RuleError.self) { try await PreprocessRule(settings: PreprocessSettings()).apply(to: &photo, in: .scratch) }
        #expect(error?.reason == "the file could not be read as an image")
    }

    @Test func photoSmallerThanMultipleOfIsRefused() async throws {
        let dir = TemporaryDirectory("pre-tiny")
        let url = try GeneratedImages.writePNG(GeneratedImages.gradient(width: 5, height: 40), to: dir.path("tiny.png"))
        var photo = Self.photo(url, kind: .png)
        let error = await #expect(throws: RuleError.self) { try await PreprocessRule(settings: PreprocessSettings()).apply(to: &photo, in: .scratch) }
        #expect(error?.reason.contains("multiple_of") == true)
    }

    @Test func sixteenBitGreyComesOutAsEightBitSRGB() async throws {
        let dir = TemporaryDirectory("pre-grey16")
        let url = try GeneratedImages.writePNG(GeneratedImages.grey16(width: 256, height: 64), to: dir.path("grey16.png"))
        var photo = Self.photo(url, kind: .png)
        try await PreprocessRule(settings: PreprocessSettings()).apply(to: &photo, in: .scratch)
        let image = try #require(photo.image)
        #expect(image.interpretation == .srgb && image.bandFormat == .uchar && image.bands == 3)
        #expect(try image.pixel(x: 255, y: 10).allSatisfy { $0 > 250 })
    }

    @Test func cmykAndGreyscaleJPEGsComeOutAsSRGB() async throws {
        let dir = TemporaryDirectory("pre-cmyk")
        // CMYK with no ink at all is white paper; a print shop's file has no profile either.
        let cmyk = try VipsImage.black(width: 64, height: 64, bands: 4).labelled(.cmyk)
        let cmykURL = dir.path("print.jpg")
        try Data(cmyk.encoded(as: .jpeg, quality: 95, stripMetadata: true)).write(to: cmykURL)
        let grey = try VipsImage.black(width: 64, height: 64).linear(0, 90).cast(to: .uchar).labelled(.bw)
        let greyURL = try GeneratedImages.writeJPEG(grey, to: dir.path("grey.jpg"))

        var print = Self.photo(cmykURL)
        try await PreprocessRule(settings: PreprocessSettings()).apply(to: &print, in: .scratch)
        let fromCMYK = try #require(print.image)
        #expect(fromCMYK.interpretation == .srgb && fromCMYK.bands == 3 && fromCMYK.bandFormat == .uchar)
        #expect(try fromCMYK.pixel(x: 32, y: 32).allSatisfy { $0 > 235 })

        var mono = Self.photo(greyURL)
        try await PreprocessRule(settings: PreprocessSettings()).apply(to: &mono, in: .scratch)
        let fromGrey = try #require(mono.image)
        #expect(fromGrey.interpretation == .srgb && fromGrey.bands == 3)
        #expect(try fromGrey.pixel(x: 32, y: 32).allSatisfy { abs($0 - 90) < 4 })
    }

    @Test func transparencyIsKeptForPNGAndFlattenedOnWhiteForJPEG() async throws {
        let dir = TemporaryDirectory("pre-alpha")
        let rgb = try GeneratedImages.gradient(width: 64, height: 64)
        let clear = try VipsImage.black(width: 64, height: 64)
        let rgba = try VipsImage.joiningBands([rgb, clear]).cast(to: .uchar).labelled(.srgb)
        let url = try GeneratedImages.writePNG(rgba, to: dir.path("clear.png"))

        var photo = Self.photo(url, kind: .png)
        try await PreprocessRule(settings: PreprocessSettings()).apply(to: &photo, in: .scratch)
        let image = try #require(photo.image)
        #expect(image.bands == 4 && image.hasAlpha)

        let png = try VipsImage.decode(Encoding(format: .png, quality: 90).encode(image))
        #expect(png.bands == 4)
        let jpeg = try VipsImage.decode(Encoding(format: .jpeg, quality: 90).encode(image))
        #expect(jpeg.bands == 3)
        #expect(try jpeg.pixel(x: 32, y: 32).allSatisfy { $0 > 245 }, "transparent pixels become white, not black")
    }

    @Test(arguments: OutputFormat.allCases)
    func encodedOutputIsTheFormatAskedFor(_ format: OutputFormat) async throws {
        let dir = TemporaryDirectory("pre-format")
        let url = try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: 640, height: 480), to: dir.path("p.jpg"))
        var settings = PreprocessSettings()
        settings.format = format
        var photo = Self.photo(url)
        try await PreprocessRule(settings: settings).apply(to: &photo, in: .scratch)
        let output = try #require(photo.outputs.first)
        #expect(output.encoding.format == format)

        let bytes = try output.encoding.encode(output.image)
        #expect(Magic.format(of: bytes) == format.saveFormat)
        let decoded = try VipsImage.decode(bytes)
        #expect(decoded.width == 640 && decoded.height == 480)
        #expect(try decoded.meanAbsoluteDifference(to: output.image) < 6)
    }

    @Test func keptMetadataDoesNotMakeViewersTurnThePhotoAgain() async throws {
        let dir = TemporaryDirectory("pre-keep")
        let url = try GeneratedImages.writeJPEG(GeneratedImages.gradient(width: 320, height: 240), to: dir.path("o6.jpg"), orientation: 6)
        var settings = PreprocessSettings()
        settings.metadata = .keep
        settings.format = .jpeg
        var photo = Self.photo(url)
        try await PreprocessRule(settings: settings).apply(to: &photo, in: .scratch)
        let output = try #require(photo.outputs.first)
        let written = try VipsImage.decode(output.encoding.encode(output.image))
        #expect(written.width == 240 && written.height == 320)
        #expect(written.orientation == 1)
    }

    // MARK: - The shared corpus

    /// At full size (1800 px fits under 2048) and shrunk on load to 600 px, where rotation and
    /// JPEG shrink-on-load meet.
    @Test(.enabled(if: Corpus.available, Corpus.skipMessage), arguments: [2048, 600])
    func wholeOrientationSetComesOutUpright(maxEdge: Int) async throws {
        let files = Corpus.files(in: "orientation")
        #expect(files.count == 18)
        var settings = PreprocessSettings()
        settings.maxEdge = maxEdge
        for url in files {
            var photo = Self.photo(url)
            try await PreprocessRule(settings: settings).apply(to: &photo, in: .scratch)
            let image = try #require(photo.image)
            let name = url.lastPathComponent
            // Every file in the set shows a 3:2 landscape or a 2:3 portrait when upright.
            let long = min(1800, maxEdge), short = long * 2 / 3
            let portrait = name.hasPrefix("Portrait")
            #expect(image.width == (portrait ? short : long) && image.height == (portrait ? long : short), "\(name)")

            let verdict = try Self.compareWithAutorotate(image, source: url)
            #expect(verdict.upright < 2, "\(name): \(verdict)")
            let orientation = Int(name.dropLast(4).split(separator: "_").last ?? "") ?? 0
            if orientation > 1 {
                #expect(verdict.unrotated > 4 * max(verdict.upright, 1), "\(name): \(verdict)")
            }
        }
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func iPhoneHEICIsUprightAndNotTurnedTwice() async throws {
        // EXIF orientation 6 and HEIF irot 270: libheif already decodes it upright, 3024x4032.
        let url = Corpus.file("cameras", "iphone_13_pro_max.heic")
        var photo = Self.photo(url, kind: .heif)
        try await PreprocessRule(settings: PreprocessSettings()).apply(to: &photo, in: .scratch)
        let image = try #require(photo.image)
        #expect(image.width == 1536 && image.height == 2048)

        // The decoder's own upright image, and what turning it by the EXIF tag again would give.
        // (Colours differ a little: the rule also converts the file's Display P3 profile to sRGB.)
        let decoded = try VipsImage.open(path: url.path)
        let upright = try decoded.resized(width: image.width, height: image.height)
        let twice = try decoded.withOrientation(6).autorotated().resized(width: image.width, height: image.height)
        let once = try image.meanAbsoluteDifference(to: upright)
        let turnedAgain = try image.meanAbsoluteDifference(to: twice)
        #expect(once < 6 && turnedAgain > 4 * once, "upright diff \(once), turned-twice diff \(turnedAgain)")
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func anHEICsMetadataOutlivesTheFileReader() async throws {
        // libvips 8.14's HEIF loader hands out metadata that points into its own memory; once
        // the reader is gone that memory is reused, and an output published later carried
        // garbage EXIF (seen under load as a LensModel ending in random bytes). The image the
        // rule keeps must own its metadata: memory churned after the rule ran changes nothing.
        let url = Corpus.file("cameras", "iphone_13_pro_max.heic")
        let fromFile = try #require(try VipsImage.exifData(path: url.path))
        for _ in 0..<6 {
            var photo = Self.photo(url, kind: .heif)
            try await PreprocessRule(settings: PreprocessSettings()).apply(to: &photo, in: .scratch)
            let image = try #require(photo.image)
            // Blocks of the EXIF block's size, written over, as other photos' work would.
            var churn: [[UInt8]] = []
            for fill in 0..<512 { churn.append([UInt8](repeating: UInt8(fill & 0xFF), count: fromFile.count)) }
            let kept = image.exifData
            let same = kept == fromFile
            #expect(same, "the kept EXIF block is the file's, byte for byte (\(kept?.count ?? 0) of \(fromFile.count) bytes)")
            withExtendedLifetime(churn) {}
        }
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func cameraOrientationIsApplied() async throws {
        // A real Canon with orientation 8: stored 1704x2272, shown 2272x1704.
        var photo = Self.photo(Corpus.file("cameras", "Canon_PowerShot_A85.jpg"))
        try await PreprocessRule(settings: PreprocessSettings()).apply(to: &photo, in: .scratch)
        let image = try #require(photo.image)
        #expect(image.width == 2048 && image.height == 1536)
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func everyOddFileSucceedsOrFailsWithAReason() async throws {
        var failed: [String: RuleError] = [:]
        for url in Corpus.files(in: "odd") {
            var photo = Self.photo(url)
            do {
                try await PreprocessRule(settings: PreprocessSettings()).apply(to: &photo, in: .scratch)
                let image = try #require(photo.image, "\(url.lastPathComponent)")
                #expect(image.width % 8 == 0 && image.height % 8 == 0 && max(image.width, image.height) <= 2048)
            } catch let error as RuleError {
                #expect(!error.reason.isEmpty, "\(url.lastPathComponent)")
                failed[url.lastPathComponent] = error
            }
        }
        // Corrupt entropy-coded data fails rather than coming out with grey blocks ...
        #expect(failed["corrupted.jpg"]?.detail?.contains("Corrupt JPEG") == true)
        // ... but two stray bytes before a marker (a libjpeg warning) do not stop a good photo.
        #expect(failed["Issue_308.jpg"] == nil)
        #expect(failed["beach.jpg"] != nil)
        #expect(failed["Issue_508.jpg"]?.reason.contains("multiple_of") == true, "a 1x1 image")
        #expect(failed["Samsung_GT-I9000_Galaxy_S.jpg"] == nil)
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func everyFormatInTheCorpusIsPrepared() async throws {
        for url in Corpus.files(in: "formats") {
            var photo = Self.photo(url)
            try await PreprocessRule(settings: PreprocessSettings()).apply(to: &photo, in: .scratch)
            let image = try #require(photo.image, "\(url.lastPathComponent)")
            #expect(image.interpretation == .srgb && image.bandFormat == .uchar, "\(url.lastPathComponent)")
            #expect(image.width % 8 == 0 && image.height % 8 == 0, "\(url.lastPathComponent)")
        }
    }

    // MARK: - Helpers

    static func photo(_ url: URL, kind: ImageKind = .jpeg) -> PhotoWork {
        PhotoWork(source: url, album: "Test", originalName: url.lastPathComponent, kind: kind)
    }

    struct Verdict: CustomStringConvertible {
        /// Mean absolute difference from libvips's own upright version of the file.
        var upright: Double
        /// The same against the file as stored, not turned (stretched to the output's size).
        var unrotated: Double
        var description: String { "upright diff \(upright), unrotated diff \(unrotated)" }
    }

    /// Compares the rule's output with `vips_autorot` of the same file resized to the output's
    /// size, and with the un-rotated file, so a test can tell "upright" from "left as stored".
    static func compareWithAutorotate(_ output: VipsImage, source: URL) throws -> Verdict {
        let stored = try VipsImage.open(path: source.path)
        let upright = try stored.autorotated().srgb8()
        let reference = try upright.resized(width: output.width, height: output.height)
        let unturned = try stored.srgb8().resized(width: output.width, height: output.height)
        return Verdict(upright: try output.meanAbsoluteDifference(to: reference),
                       unrotated: try output.meanAbsoluteDifference(to: unturned))
    }
}
