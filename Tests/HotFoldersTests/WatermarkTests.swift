import Foundation
import Testing
import Vips
@testable import HotFolders

/// The watermark as it lands on real libvips images: where it goes, that it reads on any
/// background, that it keeps its proportions from 256 px to 2048 px, tiling, logos, glyphs.
@Suite struct WatermarkTests {
    static let text = "Ann © 2024 ♈ Montréal"

    static func settings(_ change: (inout WatermarkSettings) -> Void = { _ in }) -> WatermarkSettings {
        var settings = WatermarkSettings()
        change(&settings)
        return settings
    }

    static func mark(_ image: VipsImage, text: String = text, logo: VipsImage? = nil,
                     _ change: (inout WatermarkSettings) -> Void = { _ in }) throws -> VipsImage {
        try WatermarkPainter(settings: settings(change), text: text, logo: logo).mark(image)
    }

    static func plain(width: Int, height: Int, grey: Double, bands: Int = 3) throws -> VipsImage {
        try VipsImage.black(width: width, height: height, bands: bands).linear(1, grey).cast(to: .uchar).labelled(.srgb)
    }

    @Test func theMarkChangesOnlyTheRegionUnderIt() throws {
        let photo = try GeneratedImages.photoLike(width: 900, height: 600).inMemory()
        let marked = try Self.mark(photo)
        #expect(marked.width == 900 && marked.height == 600 && marked.bands == 3 && marked.bandFormat == .uchar)
        let difference = try ImageDifference(photo, marked)
        let box = try #require(difference.changedBox())
        // Bottom right, 2 % of the short edge (12 px) from both edges, letters 3.5 % (21 px) high.
        #expect(box.x + box.width <= 900 - 12 + 2 && box.x + box.width >= 900 - 12 - 4, "right edge of \(box)")
        #expect(box.y + box.height <= 600 - 12 + 2 && box.y + box.height >= 600 - 12 - 8, "bottom edge of \(box)")
        #expect(box.x > 450 && box.y > 520, "the mark stays in its corner: \(box)")
        #expect(difference.changedCount(in: box, threshold: 40) > box.width * box.height / 10,
                "the mark is clearly visible, not a faint tint")
        // Every pixel outside the box is the photo's own, bit for bit.
        let top = try photo.cropped(left: 0, top: 0, width: 900, height: box.y)
        #expect(try top.meanAbsoluteDifference(to: marked.cropped(left: 0, top: 0, width: 900, height: box.y)) == 0)
        let left = try photo.cropped(left: 0, top: 0, width: box.x, height: 600)
        #expect(try left.meanAbsoluteDifference(to: marked.cropped(left: 0, top: 0, width: box.x, height: 600)) == 0)
    }

    @Test func copyrightAndEveryZodiacGlyphRenderAsThemselvesNotAsMissingGlyphBoxes() throws {
        func ink(_ character: String, fallback: Bool) throws -> InkMask {
            // Without fallback Pango uses DejaVu Sans alone, so a glyph it lacks comes out as
            // the missing-glyph box (the code point's hex digits in a frame).
            let markup = fallback ? character : "<span fallback=\"false\">\(character)</span>"
            return try InkMask(VipsImage.text(markup: markup, font: "DejaVu Sans, 64px"))
        }
        // The check itself: a private-use code point no font has is a box, and is seen as one.
        let missing = try ink("\u{E000}", fallback: false)
        #expect(missing.box != nil && missing.frameCoverage > 0.9, "missing glyph box frame \(missing.frameCoverage)")

        let style = WatermarkMark.TextStyle(font: "DejaVu Sans", weight: .normal, fontFile: nil, color: .white,
                                            outline: .none, outlineColor: .black)
        for symbol in ["©"] + Zodiac.allCases.map(\.symbol) {
            let strict = try ink(symbol, fallback: false)
            #expect(strict.box != nil, "\(symbol) has ink")
            #expect(strict.frameCoverage < 0.75, "\(symbol) in DejaVu Sans is a glyph, not a box (frame \(strict.frameCoverage))")
            // And through the watermark's own path (fallback on, colour output).
            let mark = try WatermarkMark.text(symbol, style: style, pixelSize: 64, maxWidth: nil, alignment: .left)
            let drawn = try InkMask(mark.alpha)
            #expect(drawn.box != nil && drawn.frameCoverage < 0.75, "\(symbol) as drawn in a mark")
        }
    }

    @Test func theMarkReadsOnWhiteAndOnBlack() throws {
        for style in [OutlineStyle.outline, .shadow] {
            for grey in [255.0, 0] {
                let photo = try Self.plain(width: 600, height: 400, grey: grey)
                let marked = try Self.mark(photo) { $0.outline = style }
                let difference = try ImageDifference(photo, marked)
                let box = try #require(difference.changedBox(), "\(style) on \(grey)")
                // White letters on black, and the dark rim or shadow on white: both far from the background.
                let strong = difference.changedCount(in: box, threshold: 150)
                #expect(strong > box.width * box.height / 20, "\(style) on \(grey): \(strong) strongly changed pixels in \(box)")
            }
        }
        // Without an outline, white on white does not show: the outline is what makes it read.
        let white = try Self.plain(width: 600, height: 400, grey: 255)
        let bare = try ImageDifference(white, Self.mark(white) { $0.outline = .none })
        #expect(bare.changedBox(threshold: 5) == nil)
    }

    @Test func theMarkHasTheSameProportionsAt256And2048() throws {
        var ratios: [(height: Double, width: Double)] = []
        for long in [2048, 256] {
            let photo = try Self.plain(width: long, height: long * 2 / 3, grey: 128)
            // No minimum letter size: at 256 px the default would print 10 px letters, not 6 px.
            let box = try #require(try ImageDifference(photo, Self.mark(photo) { $0.minSizePx = 0 }).changedBox(threshold: 20))
            let short = Double(photo.height)
            ratios.append((Double(box.height) / short, Double(box.width) / short))
        }
        let (large, small) = (ratios[0], ratios[1])
        #expect(abs(small.height / large.height - 1) < 0.25, "height: \(small.height) vs \(large.height) of the short edge")
        #expect(abs(small.width / large.width - 1) < 0.25, "width: \(small.width) vs \(large.width) of the short edge")
    }

    @Test(arguments: Anchor.allCases)
    func eachAnchorPutsTheMarkInItsPlace(anchor: Anchor) throws {
        let photo = try Self.plain(width: 900, height: 600, grey: 128)
        let box = try #require(try ImageDifference(photo, Self.mark(photo, text: "Ann © 2024") { $0.position = anchor }).changedBox())
        let third = (x: 900.0 / 3, y: 600.0 / 3)
        #expect(Int(box.centreX / third.x) == anchor.column + 1, "\(anchor): \(box)")
        #expect(Int(box.centreY / third.y) == anchor.row + 1, "\(anchor): \(box)")
        let margin = 12
        switch anchor.column {
        case -1: #expect(abs(box.x - margin) <= 3)
        case 1: #expect(abs(900 - (box.x + box.width) - margin) <= 3)
        default: #expect(abs(box.centreX - 450) <= 3)
        }
    }

    @Test func tiledModeCoversTheWholeImage() throws {
        let photo = try Self.plain(width: 1200, height: 800, grey: 128)
        let marked = try Self.mark(photo) { $0.mode = .tiled }
        let difference = try ImageDifference(photo, marked)
        let cells = 5
        for row in 0..<cells {
            for column in 0..<cells {
                let cell = PixelBox(x: column * 1200 / cells, y: row * 800 / cells, width: 1200 / cells, height: 800 / cells)
                #expect(difference.changedCount(in: cell, threshold: 10) > 50, "cell \(cell) carries the repeated text")
            }
        }
        // Semi-transparent: the repeated text tints the photo, it does not paint over it.
        #expect(difference.changedBox(threshold: 200) == nil)
    }

    @Test func aLogoLeavesThePhotoAloneUnderItsTransparentHalf() throws {
        let dir = TemporaryDirectory("logo")
        // 200 x 100: the left half fully transparent (red underneath), the right half opaque blue.
        var pixels: [UInt8] = []
        for _ in 0..<100 {
            for x in 0..<200 { pixels += x < 100 ? [255, 0, 0, 0] : [0, 0, 255, 255] }
        }
        let logo = try VipsImage.fromPixels(pixels, width: 200, height: 100, bands: 4, interpretation: .srgb)
        let url = try GeneratedImages.writePNG(logo, to: dir.path("logo.png"))
        var settings = WatermarkSettings()
        settings.template = try TextTemplate(parsing: "")
        settings.logo = url
        let rule = WatermarkRule(settings: settings)

        let photo = try Self.plain(width: 900, height: 600, grey: 128)
        let marked = try WatermarkPainter(settings: settings, text: "", logo: try rule.logo()).mark(photo)
        let difference = try ImageDifference(photo, marked)
        // The logo's long edge is 12 % of the short edge (72 px): 72 x 36 at 12 px from the corner.
        let placed = PixelBox(x: 900 - 12 - 72, y: 600 - 12 - 36, width: 72, height: 36)
        let box = try #require(difference.changedBox())
        #expect(placed.contains(box), "\(box) within \(placed)")
        // Scaling 200 px down to 72 blurs the seam by the resampling kernel's reach (3 px here).
        let clear = PixelBox(x: placed.x, y: placed.y, width: 36 - 4, height: 36)
        let opaque = PixelBox(x: placed.x + 36 + 4, y: placed.y, width: 36 - 4, height: 36)
        #expect(difference.changedCount(in: clear) == 0, "the transparent half leaves the photo untouched (\(box))")
        let blue = try marked.pixel(x: opaque.x + 10, y: opaque.y + 10)
        #expect(blue[2] > 200 && blue[0] < 60, "the opaque half is drawn: \(blue)")
    }

    @Test func aLogoIsReadOnceAndAgainWhenItIsReplaced() throws {
        let dir = TemporaryDirectory("logo-cache")
        let url = dir.path("logo.png")
        _ = try GeneratedImages.writePNG(try Self.plain(width: 40, height: 20, grey: 10), to: url)
        let logos = WatermarkLogos()
        let first = try logos.logo(at: url)
        #expect(try logos.logo(at: url) === first, "the same decoded logo for the next photo")

        // The photographer swaps the logo while the agent runs: the next photo gets the new one.
        try FileManager.default.removeItem(at: url)
        _ = try GeneratedImages.writePNG(try Self.plain(width: 60, height: 30, grey: 200), to: url)
        let replaced = try logos.logo(at: url)
        #expect(replaced.width == 60 && replaced !== first)
    }

    @Test func textAndLogoTogetherFormOneMark() throws {
        let logo = try Self.plain(width: 40, height: 40, grey: 0).linear([1, 1, 1], [200, 30, 30]).cast(to: .uchar)
        let photo = try Self.plain(width: 900, height: 600, grey: 128)
        let both = try ImageDifference(photo, Self.mark(photo, logo: logo)).changedBox()
        let textOnly = try ImageDifference(photo, Self.mark(photo)).changedBox()
        let (b, t) = (try #require(both), try #require(textOnly))
        #expect(b.width > t.width + 60, "the logo sits beside the text: \(b) vs \(t)")
        #expect(abs((b.x + b.width) - (t.x + t.width)) <= 2, "both end at the right margin")
    }

    @Test func markupInTheTextPrintsLiterally() throws {
        #expect(WatermarkMark.escaped(#"<b>Ann</b> & "Bob's""#) == "&lt;b&gt;Ann&lt;/b&gt; &amp; &quot;Bob&apos;s&quot;")
        let style = WatermarkMark.TextStyle(font: "DejaVu Sans", weight: .normal, fontFile: nil, color: .white,
                                            outline: .none, outlineColor: .black)
        // Unescaped, "<b>" would be bold markup (and a lone "<" or "&" an error); escaped it is five more letters.
        let tagged = try WatermarkMark.text("<b>A</b>", style: style, pixelSize: 40, maxWidth: nil, alignment: .left)
        let bare = try WatermarkMark.text("A", style: style, pixelSize: 40, maxWidth: nil, alignment: .left)
        #expect(tagged.width > bare.width * 4)
        _ = try WatermarkMark.text("Tom & Jerry <3", style: style, pixelSize: 40, maxWidth: nil, alignment: .left)
    }

    @Test func anImageWithTransparencyKeepsItsAlphaBand() throws {
        let rgba = try Self.plain(width: 600, height: 400, grey: 90, bands: 4).linear([1, 1, 1, 0], [0, 0, 0, 128])
            .cast(to: .uchar).labelled(.srgb)
        let marked = try Self.mark(rgba)
        #expect(marked.bands == 4 && marked.hasAlpha)
        #expect(try marked.pixel(x: 10, y: 10) == [90, 90, 90, 128], "away from the mark, untouched")
        let box = try #require(try ImageDifference(rgba, marked).changedBox())
        #expect(box.x > 300 && box.y > 300)
    }

    @Test func outputsSharingAnImageShareOneMarkedImageAndThePhotoStaysClean() async throws {
        let image = try GeneratedImages.photoLike(width: 600, height: 400).inMemory()
        let small = try image.resized(scale: 0.5).inMemory()
        var photo = PhotoWork(source: URL(fileURLWithPath: "/nowhere/IMG_1.jpg"), album: "A", originalName: "IMG_1.jpg", kind: .jpeg)
        photo.image = image
        photo.outputs = [
            PlannedOutput(variant: "web", image: image, encoding: Encoding(format: .webp, quality: 80)),
            PlannedOutput(variant: "300", image: small, encoding: Encoding(format: .webp, quality: 80)),
            PlannedOutput(variant: "300", image: small, encoding: Encoding(format: .avif, quality: 60)),
            PlannedOutput(variant: "sepia", image: image, encoding: Encoding(format: .webp, quality: 80)),
        ]
        var settings = WatermarkSettings()
        settings.owner = "Ann"
        settings.variants = ["web", "300"]
        try await WatermarkRule(settings: settings).apply(to: &photo, in: .scratch)
        #expect(photo.outputs[1].image === photo.outputs[2].image, "one size's formats share the marked image")
        #expect(photo.outputs[0].image !== image && photo.outputs[1].image !== small)
        #expect(photo.outputs[3].image === image, "a variant not listed is left alone")
        #expect(photo.image === image, "the rule does not change the photo itself")
        #expect(try photo.outputs[0].image.meanAbsoluteDifference(to: image) > 0)
        #expect(photo.outputs[1].image.width == 300, "each size is marked at its own size")
    }

    @Test func anEmptyTextWithoutLogoIsNothingToDo() async throws {
        let image = try GeneratedImages.photoLike(width: 300, height: 200).inMemory()
        var photo = PhotoWork(source: URL(fileURLWithPath: "/nowhere/IMG_1.jpg"), album: "A", originalName: "IMG_1.jpg", kind: .jpeg)
        photo.outputs = [PlannedOutput(variant: "web", image: image, encoding: Encoding(format: .webp, quality: 80))]
        var settings = WatermarkSettings()
        settings.template = try TextTemplate(parsing: "{owner}")
        try await WatermarkRule(settings: settings).apply(to: &photo, in: .scratch)
        #expect(photo.outputs[0].image === image)
    }

    @Test func aTokenWithoutValueGoesWithItsSeparator() throws {
        var photo = PhotoWork(source: URL(fileURLWithPath: "/nowhere/IMG_1.jpg"), album: "A", originalName: "IMG_1.jpg", kind: .jpeg)
        var metadata = PhotoMetadata()
        let local = LocalDateTime(year: 2024, month: 3, day: 30, hour: 12)
        metadata.capture = CaptureTime(origin: .dateTimeOriginal, camera: local, local: local, utc: nil, utcOffset: nil,
                                       timeZone: nil, source: .none)
        metadata.zodiac = .aries
        photo.metadata = metadata
        var settings = WatermarkSettings()
        settings.owner = "Ann"
        #expect(WatermarkRule(settings: settings).text(for: photo) == "Ann © 2024 ♈")
        settings.yearOffset = 1
        metadata.place = Place(name: "Montréal", region: "Quebec", source: .albumOverride)
        photo.metadata = metadata
        #expect(WatermarkRule(settings: settings).text(for: photo) == "Ann © 2025 ♈ Montréal")
        settings.owner = nil
        #expect(WatermarkRule(settings: settings).text(for: photo) == "© 2025 ♈ Montréal")
    }

    @Test func aLogoGoneSinceTheConfigWasReadFailsThePhotoInPlainWords() async throws {
        var photo = PhotoWork(source: URL(fileURLWithPath: "/nowhere/IMG_1.jpg"), album: "A", originalName: "IMG_1.jpg", kind: .jpeg)
        photo.outputs = [PlannedOutput(variant: "web", image: try Self.plain(width: 300, height: 200, grey: 128),
                                       encoding: Encoding(format: .webp, quality: 80))]
        var settings = WatermarkSettings()
        settings.logo = URL(fileURLWithPath: "/nowhere/logo.png")
        let error = try await #require(throws: RuleError.self) { try await WatermarkRule(settings: settings).apply(to: &photo, in: .scratch) }
        #expect(error.reason == "the watermark logo /nowhere/logo.png cannot be read" && error.detail?.isEmpty == false)
    }
}
