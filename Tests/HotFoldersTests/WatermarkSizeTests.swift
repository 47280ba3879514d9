import Foundation
import Testing
import Vips
@testable import HotFolders

/// The mark at the ends of the size range: large letters (full-resolution outputs) keep an
/// outline rather than dark slabs, and small outputs get readable letters or none.
@Suite struct WatermarkSizeTests {
    static let style = WatermarkMark.TextStyle(font: "DejaVu Sans", weight: .bold, fontFile: nil, color: .white,
                                               outline: .outline, outlineColor: .black)

    /// The share of the mark's pixels that it covers (outline and letters).
    static func coverage(_ text: String, pixelSize: Int) throws -> Double {
        let mark = try WatermarkMark.text(text, style: style, pixelSize: pixelSize, maxWidth: nil, alignment: .left)
        let values = try mark.alpha.pixelBytes()
        return Double(values.filter { $0 > 128 }.count) / Double(values.count)
    }

    @Test func largeLettersKeepAnOutlineInsteadOfDarkSlabs() throws {
        // The outline grows with the letters, so the covered share is about the same at any size.
        let text = "Ann Lee © 2024 ♈ Montréal"
        let small = try Self.coverage(text, pixelSize: 32)
        for size in [96, 160, 320] {
            let large = try Self.coverage(text, pixelSize: size)
            #expect(abs(large - small) < 0.08, "\(size) px letters cover \(large) of their mark, 32 px ones \(small)")
        }
        // Between two letters far apart the photo shows through: nothing joins them.
        let pair = try WatermarkMark.text("l        l", style: Self.style, pixelSize: 160, maxWidth: nil, alignment: .left)
        let ink = try InkMask(pair.alpha)
        let middle = (0..<ink.height).filter { ink.inked(x: ink.width / 2, y: $0, threshold: 0) }
        #expect(middle.isEmpty, "rows \(middle.first ?? 0)...\(middle.last ?? 0) are covered between the letters")
    }

    @Test func aLargeMarkOnAPhotoIsLettersWithARim() throws {
        // size 0.06 on a 2048 px photo: 82 px letters, the size the slabs began at.
        let photo = try WatermarkTests.plain(width: 2048, height: 1366, grey: 150)
        let marked = try WatermarkTests.mark(photo) { $0.size = 0.06 }
        let difference = try ImageDifference(photo, marked)
        let box = try #require(difference.changedBox(threshold: 20))
        let crop = try marked.cropped(left: box.x, top: box.y, width: box.width, height: box.height)
        let grey = try crop.colourspace(.bw).pixelBytes()
        let dark = Double(grey.filter { $0 < 60 }.count) / Double(grey.count)
        let light = Double(grey.filter { $0 > 200 }.count) / Double(grey.count)
        #expect(dark < 0.35, "\(dark) of the mark is dark")
        #expect(light > 0.15, "\(light) of the mark is letters")
        #expect(dark < light * 1.5, "a rim is thinner than the letters it surrounds: dark \(dark), light \(light)")
    }

    @Test func smallOutputsGetReadableLettersOrNone() throws {
        // 300 x 200: 3.5 % would be 7 px letters; they are printed at the 10 px minimum.
        let medium = try WatermarkTests.plain(width: 300, height: 200, grey: 128)
        let box = try #require(try ImageDifference(medium, WatermarkTests.mark(medium, text: "© 2024")).changedBox(threshold: 20))
        #expect(box.height >= 9, "letters \(box.height) px high")

        // A 100 px thumbnail cannot carry the text readably: it is left as it is.
        let thumbnail = try WatermarkTests.plain(width: 100, height: 75, grey: 128)
        let marked = try WatermarkTests.mark(thumbnail)
        #expect(try ImageDifference(thumbnail, marked).changedBox(threshold: 0) == nil)

        // min_size_px = 0 keeps the old behaviour: a mark that scales down with the image.
        let scaled = try WatermarkTests.mark(thumbnail) { $0.minSizePx = 0 }
        #expect(try ImageDifference(thumbnail, scaled).changedBox(threshold: 20) != nil)
    }
}
