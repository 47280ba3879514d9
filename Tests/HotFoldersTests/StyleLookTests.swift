import Foundation
import Testing
import Vips
@testable import HotFolders

extension Array where Element == UInt8 {
    /// Consecutive groups of `size` values (one pixel's bands).
    func chunked(_ size: Int) -> [[UInt8]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

/// Each built-in look moves a photo the way its name promises, measured on the pixels.
@Suite struct StyleLookTests {
    /// Band-interleaved RGB(A) bytes of an image.
    struct Pixels {
        let width, height, bands: Int
        let bytes: [UInt8]

        init(_ image: VipsImage) throws {
            width = image.width; height = image.height; bands = image.bands
            bytes = try image.pixelBytes()
        }

        subscript(x: Int, y: Int) -> [UInt8] {
            let start = (y * width + x) * bands
            return Array(bytes[start..<start + bands])
        }

        func rgb(_ x: Int, _ y: Int) -> LookColour {
            let p = self[x, y]
            return LookColour(red: Double(p[0]), green: Double(p[1]), blue: Double(p[2]))
        }

        /// Mean of red minus blue: above 0 is warm, below is cool.
        var warmth: Double {
            var sum = 0.0
            for i in stride(from: 0, to: bytes.count, by: bands) { sum += Double(bytes[i]) - Double(bytes[i + 2]) }
            return sum / Double(width * height)
        }

        var mean: Double { Double(bytes.reduce(0) { $0 + Int($1) }) / Double(bytes.count) }
    }

    static func render(_ look: Look, _ image: VipsImage, seed: UInt32 = 1, _ parameters: [String: StyleValue] = [:]) throws -> VipsImage {
        var settings = LookSettings(look)
        for (name, value) in parameters { try settings.set(name, value) }
        return try settings.render(image, seed: seed)
    }

    /// Left half one colour, right half another.
    static func halves(_ left: [UInt8], _ right: [UInt8], width: Int = 64, height: Int = 32) throws -> VipsImage {
        var values: [UInt8] = []
        for _ in 0..<height { for x in 0..<width { values += x < width / 2 ? left : right } }
        return try VipsImage.fromPixels(values, width: width, height: height, bands: 3, interpretation: .srgb)
    }

    /// A grey ramp from black (left) to white (right).
    static func greyRamp(width: Int = 256, height: Int = 16) throws -> VipsImage {
        var values: [UInt8] = []
        for _ in 0..<height { for x in 0..<width { let v = UInt8(x * 255 / (width - 1)); values += [v, v, v] } }
        return try VipsImage.fromPixels(values, width: width, height: height, bands: 3, interpretation: .srgb)
    }

    @Test(arguments: Look.allCases)
    func everyLookKeepsSizeAndTransparencyAndIsSRGB(_ look: Look) throws {
        let photo = try GeneratedImages.photoLike(width: 300, height: 200)
        let styled = try Self.render(look, photo)
        #expect(styled.width == 300 && styled.height == 200 && styled.bands == 3)
        #expect(styled.interpretation == .srgb && styled.bandFormat == .uchar)
        #expect(try styled.meanAbsoluteDifference(to: photo) > 1, "\(look) left the photo as it was")

        let alpha = try VipsImage.black(width: 300, height: 200).linear(0, 77).cast(to: .uchar)
        let transparent = try VipsImage.joiningBands([photo, alpha]).labelled(.srgb)
        let kept = try Self.render(look, transparent)
        #expect(kept.bands == 4)
        #expect(try kept.extractBands(from: 3).average() == 77)
    }

    @Test func blackAndWhiteHasNoChromaAndMixesChannelsNotJustDesaturates() throws {
        let photo = try GeneratedImages.photoLike(width: 200, height: 150)
        let grey = try Pixels(Self.render(.bw, photo))
        for i in stride(from: 0, to: grey.bytes.count, by: 3) {
            guard grey.bytes[i] == grey.bytes[i + 1], grey.bytes[i + 1] == grey.bytes[i + 2] else {
                Issue.record("pixel \(i / 3) has colour: \(grey.bytes[i..<i + 3])")
                return
            }
        }
        // Pure red and pure blue of very different luma: the default red filter makes red light
        // and blue dark; a blue filter turns that round.
        let redBlue = try Self.halves([255, 0, 0], [0, 0, 255])
        let redFilter = try Pixels(Self.render(.bw, redBlue))
        #expect(Int(redFilter[8, 8][0]) - Int(redFilter[56, 8][0]) > 60)
        let blueFilter = try Pixels(Self.render(.bw, redBlue, ["red": .number(0.1), "green": .number(0.2), "blue": .number(0.7)]))
        #expect(Int(blueFilter[56, 8][0]) - Int(blueFilter[8, 8][0]) > 60)
    }

    @Test func sepiaHueLiesInItsBandAndFollowsTheParameter() throws {
        let photo = try GeneratedImages.photoLike(width: 200, height: 150, seed: 3)
        for hue in [65.0, 40.0] {
            let pixels = try Pixels(Self.render(.sepia, photo, ["hue": .number(hue)]))
            var coloured = 0
            for y in stride(from: 0, to: pixels.height, by: 5) {
                for x in stride(from: 0, to: pixels.width, by: 5) {
                    let lab = pixels.rgb(x, y).lab
                    guard (lab.a * lab.a + lab.b * lab.b).squareRoot() > 6 else { continue }
                    coloured += 1
                    var angle = atan2(lab.b, lab.a) * 180 / .pi
                    if angle < 0 { angle += 360 }
                    #expect(abs(angle - hue) < 12, "hue \(angle) at \(x),\(y) for sepia hue \(hue)")
                }
            }
            #expect(coloured > 300, "the midtones are toned")
        }
    }

    @Test func duotoneRunsFromTheShadowColourToTheHighlightColour() throws {
        let pixels = try Pixels(Self.render(.duotone, Self.greyRamp(), ["shadows": .text("#102060"), "highlights": .text("#ffe0a0")]))
        let dark = pixels.rgb(0, 8), light = pixels.rgb(255, 8)
        #expect(abs(dark.red - 0x10) <= 3 && abs(dark.green - 0x20) <= 3 && abs(dark.blue - 0x60) <= 3, "\(dark)")
        #expect(abs(light.red - 0xff) <= 3 && abs(light.green - 0xe0) <= 3 && abs(light.blue - 0xa0) <= 3, "\(light)")
        // Lightness rises steadily along the ramp.
        let lightness = stride(from: 0, to: 256, by: 32).map { pixels.rgb($0, 8).lab.l }
        #expect(zip(lightness, lightness.dropFirst()).allSatisfy { $0 < $1 }, "\(lightness)")
    }

    @Test func popFlattensThePhotoIntoFewColoursAndKeepsGreysGrey() throws {
        let photo = try GeneratedImages.photoLike(width: 240, height: 160)
        let before = Set(try Pixels(photo).bytes.chunked(3)).count
        let after = Set(try Pixels(Self.render(.pop, photo)).bytes.chunked(3)).count
        #expect(before > 5000 && after < 150, "\(before) colours became \(after)")
        for levels in [3, 4] {
            let ramp = try Pixels(Self.render(.pop, Self.greyRamp(), ["levels": .integer(levels)]))
            let tones = Set(ramp.bytes.chunked(3))
            #expect(tones.count <= levels, "\(tones.sorted { $0[0] < $1[0] })")
            #expect(tones.allSatisfy { abs(Int($0[0]) - Int($0[1])) <= 1 && abs(Int($0[1]) - Int($0[2])) <= 1 }, "greys stay grey")
        }
    }

    @Test func pixelArtIsFlatBlocksOfFewColours() throws {
        let photo = try GeneratedImages.photoLike(width: 320, height: 200)
        let pixels = try Pixels(Self.render(.pixelArt, photo, ["pixels": .integer(40), "levels": .integer(5)]))
        let block = 8  // 320 px long edge / 40 blocks
        var colours = Set<[UInt8]>()
        for by in 0..<(200 / block) {
            for bx in 0..<(320 / block) {
                let first = pixels[bx * block, by * block]
                colours.insert(first)
                var distinct = Set<[UInt8]>()
                for y in by * block..<(by + 1) * block { for x in bx * block..<(bx + 1) * block { distinct.insert(pixels[x, y]) } }
                #expect(distinct.count == 1, "block \(bx),\(by) has \(distinct.count) colours")
            }
        }
        #expect(colours.count <= 125 && colours.count >= 8, "\(colours.count) colours")
    }

    @Test func pencilDrawsEdgesDarkOnWhitePaper() throws {
        // A dark square on a light ground: flat areas come out white, the edge dark.
        var values: [UInt8] = []
        for y in 0..<128 { for x in 0..<128 { let inside = (32..<96).contains(x) && (32..<96).contains(y); values += inside ? [60, 70, 80] : [200, 190, 180] } }
        let image = try VipsImage.fromPixels(values, width: 128, height: 128, bands: 3, interpretation: .srgb)
        let pixels = try Pixels(Self.render(.pencil, image))
        #expect(pixels[8, 8] == [255, 255, 255] && pixels[64, 64] == [255, 255, 255], "flat areas are paper")
        let edge = (28..<36).map { Int(pixels[$0, 64][0]) }.min() ?? 255
        #expect(edge < 150, "the square's edge is drawn (darkest \(edge))")
        for i in stride(from: 0, to: pixels.bytes.count, by: 3) where pixels.bytes[i] != pixels.bytes[i + 2] {
            Issue.record("pencil is grey; pixel \(i / 3) is not")
            break
        }
    }

    @Test func vignetteDarkensTheCornersAndLeavesTheMiddle() throws {
        let grey = try VipsImage.black(width: 300, height: 200, bands: 3).linear(0, 180).cast(to: .uchar).labelled(.srgb)
        let pixels = try Pixels(Self.render(.vignette, grey, ["amount": .number(0.6)]))
        #expect(pixels[150, 100][0] >= 178, "middle \(pixels[150, 100])")
        for corner in [(0, 0), (299, 0), (0, 199), (299, 199)] {
            let value = Double(pixels[corner.0, corner.1][0])
            #expect(value < 180 * 0.55, "corner \(corner) is \(value)")
        }
        #expect(pixels[75, 100][0] > pixels[10, 100][0], "darkening grows towards the edge")
    }

    @Test func grainDependsOnlyOnItsSeed() throws {
        let photo = try GeneratedImages.photoLike(width: 256, height: 192)
        let one = try Self.render(.grain, photo, seed: 7).encoded(as: .png, quality: 100, stripMetadata: true)
        let again = try Self.render(.grain, photo, seed: 7).encoded(as: .png, quality: 100, stripMetadata: true)
        let other = try Self.render(.grain, photo, seed: 8)
        #expect(one == again, "the same seed gives the same bytes")
        #expect(try other.meanAbsoluteDifference(to: VipsImage.decode(one)) > 3, "another seed gives other grain")
        // Grain adds texture, not a cast or a brightness change.
        let flat = try VipsImage.black(width: 256, height: 192, bands: 3).linear(0, 128).cast(to: .uchar).labelled(.srgb)
        let grained = try Pixels(Self.render(.grain, flat, seed: 3, ["amount": .integer(12), "size": .integer(0)]))
        #expect(abs(grained.mean - 128) < 1.5)
        let deviations = stride(from: 0, to: grained.bytes.count, by: 3).map { Double(grained.bytes[$0]) - 128 }
        let sigma = (deviations.map { $0 * $0 }.reduce(0, +) / Double(deviations.count)).squareRoot()
        #expect(sigma > 9 && sigma < 14, "grain deviation \(sigma)")
        #expect(grained.warmth == 0, "monochrome grain: the same on every channel")
    }

    @Test func warmAndCoolShiftTheMidtonesAndKeepBlackAndWhite() throws {
        let photo = try GeneratedImages.photoLike(width: 200, height: 150)
        let before = try Pixels(photo).warmth
        let warm = try Pixels(Self.render(.warm, photo)).warmth
        let cool = try Pixels(Self.render(.cool, photo)).warmth
        #expect(warm > before + 8, "warm: \(before) -> \(warm)")
        #expect(cool < before - 8, "cool: \(before) -> \(cool)")
        let blackWhite = try Self.halves([0, 0, 0], [255, 255, 255])
        for look in [Look.warm, .cool] {
            let pixels = try Pixels(Self.render(look, blackWhite, ["amount": .integer(1)]))
            #expect(pixels[4, 4] == [0, 0, 0] && pixels[60, 4] == [255, 255, 255], "\(look)")
        }
    }

    @Test func parametersAreCheckedWithPlainWords() throws {
        var sepia = LookSettings(.sepia)
        #expect(throws: ValueProblem.self) { try sepia.set("chroma", .integer(400)) }
        #expect(throws: ValueProblem.self) { try sepia.set("colour", .integer(4)) }
        var duotone = LookSettings(.duotone)
        #expect(throws: ValueProblem.self) { try duotone.set("shadows", .text("navy")) }
        try duotone.set("shadows", .text("#000080"))
        #expect(duotone[colour: "shadows"] == LookColour(red: 0, green: 0, blue: 128))
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func everyLookWorksOnRealPhotos() throws {
        try ImageLibrary.start()
        let photos = [Corpus.file("orientation", "Landscape_6.jpg"), Corpus.file("cameras", "iphone_13_pro_max.heic"),
                      Corpus.file("formats", "BSG1.tiff"), Corpus.file("gps", "Kodak_CX7530.jpg")]
        for photo in photos {
            var settings = PreprocessSettings()
            settings.maxEdge = 1024
            let image = try PreprocessRule(settings: settings).prepare(path: photo.path)
            for look in Look.allCases {
                let styled = try LookSettings(look).render(image, seed: 9)
                #expect(styled.width == image.width && styled.height == image.height, "\(look) on \(photo.lastPathComponent)")
            }
        }
    }
}
