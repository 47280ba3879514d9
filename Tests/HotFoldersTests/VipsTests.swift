import Foundation
import Testing
import Vips

/// The thin libvips wrapper: set-up, errors with libvips's words, headers without decoding,
/// colour conversion, encoders. Everything runs on generated images.
@Suite("Vips")
struct VipsTests {
    @Test func startCanBeCalledMoreThanOnce() throws {
        try Vips.start(concurrency: 1)
        try Vips.start(concurrency: 2)
        #expect(Vips.version.hasPrefix("8."))
    }

    @Test func headerIsReadWithoutDecoding() throws {
        let dir = TemporaryDirectory("vips-header")
        // A 12000x10000 PNG cut off after 4 KB: only a header-only open can read its size.
        let full = try VipsImage.black(width: 12000, height: 10000).encoded(as: .png, quality: 100, effort: 1, stripMetadata: true)
        let url = dir.path("bomb.png")
        try Data(full.prefix(4096)).write(to: url)

        let header = try VipsHeader(path: url.path)
        #expect(header.width == 12000)
        #expect(header.height == 10000)
        #expect(header.pixelCount == 120_000_000)
        #expect(header.loader == "pngload")
        #expect(header.orientation == 1)
    }

    @Test func errorsCarryLibvipsMessageAndDoNotLeak() throws {
        let dir = TemporaryDirectory("vips-error")
        // A name no other test uses: the error buffer is shared by every thread in the process.
        let url = dir.path("vips-error-probe.jpg")
        try Data("not an image at all".utf8).write(to: url)

        let first = #expect(throws: VipsError.self) { try VipsHeader(path: url.path) }
        #expect(first?.message.isEmpty == false)
        #expect(first?.message.contains("vips-error-probe.jpg") == true)

        // The buffer was cleared: a second failure reports only itself.
        let second = #expect(throws: VipsError.self) { try VipsImage.decode([0x00, 0x01, 0x02]) }
        #expect(second?.message.contains("vips-error-probe.jpg") == false)
    }

    @Test func thumbnailShrinksButNeverEnlarges() throws {
        let dir = TemporaryDirectory("vips-thumb")
        let large = try GeneratedImages.writeJPEG(GeneratedImages.gradient(width: 1200, height: 800), to: dir.path("large.jpg"))
        let small = try GeneratedImages.writeJPEG(GeneratedImages.gradient(width: 300, height: 200), to: dir.path("small.jpg"))

        let shrunk = try VipsImage.thumbnail(path: large.path, width: 600, height: 600)
        #expect(shrunk.width == 600 && shrunk.height == 400)
        let kept = try VipsImage.thumbnail(path: small.path, width: 600, height: 600, size: .down)
        #expect(kept.width == 300 && kept.height == 200)
    }

    @Test func orientationIsWrittenAndAppliedByAutorotate() throws {
        let image = try GeneratedImages.gradient(width: 64, height: 32)
        let tagged = try VipsImage.decode(image.withOrientation(6).encoded(as: .jpeg, quality: 95, stripMetadata: false))
        #expect(tagged.orientation == 6)
        #expect(image.orientation == 1, "withOrientation must not change the original")

        let upright = try tagged.autorotated()
        #expect(upright.width == 32 && upright.height == 64)
        #expect(upright.orientation == 1)
        // Orientation 6 means "turn 90 degrees clockwise": the stored top-left corner (no red,
        // no green) ends up top-right.
        let topRight = try upright.pixel(x: 31, y: 0)
        #expect(topRight[0] < 40 && topRight[1] < 40)

        let stripped = try VipsImage.decode(image.withOrientation(6).encoded(as: .jpeg, quality: 95, stripMetadata: true))
        #expect(stripped.orientation == 1)
    }

    @Test(arguments: Vips.SaveFormat.allCases)
    func encodersWriteTheirFormat(_ format: Vips.SaveFormat) throws {
        let image = try GeneratedImages.photoLike(width: 96, height: 64)
        let bytes = try image.encoded(as: format, quality: 80, stripMetadata: true)
        #expect(Magic.format(of: bytes) == format)
        let back = try VipsImage.decode(bytes)
        #expect(back.width == 96 && back.height == 64)
        #expect(try back.meanAbsoluteDifference(to: image) < 8)
    }

    @Test func sixteenBitGreyBecomesEightBitSRGB() throws {
        let image = try GeneratedImages.grey16(width: 256, height: 8)
        #expect(image.bandFormat == .ushort)
        let srgb = try image.srgb8()
        #expect(srgb.interpretation == .srgb)
        #expect(srgb.bandFormat == .uchar)
        #expect(srgb.bands == 3)
        let left = try srgb.pixel(x: 0, y: 0), right = try srgb.pixel(x: 255, y: 0)
        #expect(left.allSatisfy { $0 < 3 })
        #expect(right.allSatisfy { $0 > 252 }, "65535 must become 255, not clip or wrap")
    }

    @Test func sixteenBitLabelledSRGBIsScaledNotClipped() throws {
        // Some loaders label 16-bit RGB "srgb"; a plain cast would clip every value to 255.
        let grey = try GeneratedImages.grey16(width: 256, height: 8)
        let rgb = try VipsImage.joiningBands([grey, grey, grey]).labelled(.srgb)
        let srgb = try rgb.srgb8()
        let middle = try srgb.pixel(x: 128, y: 0)
        #expect(middle.allSatisfy { abs($0 - 128) < 4 })
    }

    @Test func blackAndWhiteAndCMYKBecomeSRGB() throws {
        let bw = try VipsImage.black(width: 16, height: 16).linear(0, 200).cast(to: .uchar).labelled(.bw)
        let fromBW = try bw.srgb8()
        #expect(fromBW.bands == 3 && fromBW.interpretation == .srgb)
        #expect(try fromBW.pixel(x: 0, y: 0).allSatisfy { abs($0 - 200) < 3 })

        // No ink at all is white paper.
        let cmyk = try VipsImage.black(width: 16, height: 16, bands: 4).labelled(.cmyk)
        let fromCMYK = try VipsImage.decode(cmyk.encoded(as: .jpeg, quality: 95, stripMetadata: true)).srgb8()
        #expect(fromCMYK.bands == 3 && fromCMYK.bandFormat == .uchar)
        #expect(try fromCMYK.pixel(x: 8, y: 8).allSatisfy { $0 > 235 })
    }

    @Test func alphaIsKeptAndFlattenedOnWhite() throws {
        let grey = try VipsImage.black(width: 8, height: 8).linear(0, 50)
        let transparent = try VipsImage.black(width: 8, height: 8)
        let greyAlpha = try VipsImage.joiningBands([grey, transparent]).cast(to: .uchar).labelled(.bw)
        let rgba = try greyAlpha.srgb8()
        #expect(rgba.bands == 4 && rgba.hasAlpha)
        let flat = try rgba.flattened(background: [255, 255, 255])
        #expect(flat.bands == 3)
        #expect(try flat.pixel(x: 4, y: 4) == [255, 255, 255])
    }

    @Test func cropResizeAndCompare() throws {
        let image = try GeneratedImages.gradient(width: 200, height: 100)
        let crop = try image.cropped(left: 10, top: 20, width: 50, height: 40)
        #expect(crop.width == 50 && crop.height == 40)
        #expect(try crop.pixel(x: 0, y: 0) == image.pixel(x: 10, y: 20))
        let half = try image.resized(width: 100, height: 50)
        #expect(half.width == 100 && half.height == 50)
        #expect(try image.meanAbsoluteDifference(to: image) == 0)
        #expect(try image.inMemory().meanAbsoluteDifference(to: image) == 0)
    }
}

/// Recognises an encoded file by its first bytes.
enum Magic {
    static func format(of bytes: [UInt8]) -> Vips.SaveFormat? {
        if bytes.count >= 12, bytes[0..<4] == [0x52, 0x49, 0x46, 0x46], bytes[8..<12] == [0x57, 0x45, 0x42, 0x50] {
            return .webp // "RIFF" .... "WEBP"
        }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.count >= 12, Array(bytes[4..<12]) == Array("ftypavif".utf8) { return .avif }
        return nil
    }
}
