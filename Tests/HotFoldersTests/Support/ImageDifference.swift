import Vips

/// Where two images of the same size differ, and what ink an image holds, read from their
/// pixels (for the watermark tests: where did the mark land, how large is it).
struct PixelBox: Equatable, CustomStringConvertible {
    var x: Int, y: Int, width: Int, height: Int

    var centreX: Double { Double(x) + Double(width) / 2 }
    var centreY: Double { Double(y) + Double(height) / 2 }

    func contains(_ other: PixelBox) -> Bool {
        other.x >= x && other.y >= y && other.x + other.width <= x + width && other.y + other.height <= y + height
    }

    var description: String { "\(width)x\(height) at (\(x), \(y))" }

    /// The smallest box holding every pixel for which `hit(x, y)` is true; nil when none is.
    static func around(width: Int, height: Int, _ hit: (Int, Int) -> Bool) -> PixelBox? {
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        for y in 0..<height {
            for x in 0..<width where hit(x, y) {
                minX = min(minX, x); maxX = max(maxX, x)
                minY = min(minY, y); maxY = max(maxY, y)
            }
        }
        return maxX < 0 ? nil : PixelBox(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }
}

/// Two images' 8-bit pixels side by side.
struct ImageDifference {
    let width: Int, height: Int, bands: Int
    let before: [UInt8], after: [UInt8]

    init(_ before: VipsImage, _ after: VipsImage) throws {
        precondition(before.width == after.width && before.height == after.height && before.bands == after.bands)
        width = before.width
        height = before.height
        bands = before.bands
        self.before = try before.pixelBytes()
        self.after = try after.pixelBytes()
    }

    /// The largest band difference at (x, y).
    func change(x: Int, y: Int) -> Int {
        let start = (y * width + x) * bands
        return (start..<start + bands).map { abs(Int(before[$0]) - Int(after[$0])) }.max()!
    }

    /// Where any band changed by more than `threshold`; nil when nothing did.
    func changedBox(threshold: Int = 0) -> PixelBox? {
        PixelBox.around(width: width, height: height) { change(x: $0, y: $1) > threshold }
    }

    /// How many pixels inside `box` changed by more than `threshold`.
    func changedCount(in box: PixelBox, threshold: Int = 0) -> Int {
        var count = 0
        for y in box.y..<box.y + box.height {
            for x in box.x..<box.x + box.width where change(x: x, y: y) > threshold { count += 1 }
        }
        return count
    }
}

/// A one-band mask's ink (values above `threshold`) and its shape.
struct InkMask {
    let width: Int, height: Int
    let values: [UInt8]

    init(_ mask: VipsImage) throws {
        precondition(mask.bands == 1)
        width = mask.width
        height = mask.height
        values = try mask.pixelBytes()
    }

    func inked(x: Int, y: Int, threshold: UInt8 = 128) -> Bool { values[y * width + x] > threshold }

    var box: PixelBox? { PixelBox.around(width: width, height: height) { inked(x: $0, y: $1) } }

    /// The share of the ink box's outermost ring of pixels that is ink. Pango draws a glyph no
    /// font has as a box with the code point's hex digits inside: its frame is all ink (about
    /// 1.0), where a real glyph (©, ♈) touches its bounding box at a few points only.
    var frameCoverage: Double {
        guard let box, box.width > 2, box.height > 2 else { return 1 }
        var ring: [(Int, Int)] = []
        for x in box.x..<box.x + box.width { ring += [(x, box.y), (x, box.y + box.height - 1)] }
        for y in box.y + 1..<box.y + box.height - 1 { ring += [(box.x, y), (box.x + box.width - 1, y)] }
        return Double(ring.filter { inked(x: $0.0, y: $0.1) }.count) / Double(ring.count)
    }
}
