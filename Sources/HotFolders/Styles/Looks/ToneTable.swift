import Foundation
import Vips

/// A 256-entry lookup table for 8-bit values, built from a function and applied with libvips's
/// `maplut`: the toning looks compute their curve once per photo in Swift (256 values) and
/// libvips maps every pixel through it, which is both exact and fast.
struct ToneTable {
    /// 256 entries per band, bands interleaved.
    private(set) var values: [UInt8]
    let bands: Int

    /// One band: entry `v` is `curve(v / 255) * 255`, rounded and clipped.
    init(_ curve: (Double) -> Double) {
        bands = 1
        values = (0..<256).map { Self.byte(curve(Double($0) / 255) * 255) }
    }

    /// One band per function (red, green, blue...), each `f(v / 255) * 255`.
    init(bands curves: [(Double) -> Double]) {
        bands = curves.count
        values = (0..<256).flatMap { v in curves.map { Self.byte($0(Double(v) / 255) * 255) } }
    }

    /// Three bands: entry `v` is the colour `colour(v / 255)`.
    init(colours colour: (Double) -> LookColour) {
        bands = 3
        values = (0..<256).flatMap { v -> [UInt8] in
            let c = colour(Double(v) / 255)
            return [Self.byte(c.red), Self.byte(c.green), Self.byte(c.blue)]
        }
    }

    func image() throws -> VipsImage {
        try VipsImage.fromPixels(values, width: 256, height: 1, bands: bands)
    }

    static func byte(_ value: Double) -> UInt8 {
        UInt8(value.isFinite ? value.rounded().clamped(to: 0...255) : 0)
    }

    /// A symmetric S-curve through (0,0), (½,½) and (1,1) whose slope at the middle is
    /// `contrast`: 1 leaves tones alone, more deepens shadows and brightens highlights.
    static func contrast(_ contrast: Double) -> (Double) -> Double {
        { t in
            guard contrast != 1, t > 0, t < 1 else { return t }
            let a = pow(t, contrast), b = pow(1 - t, contrast)
            return a / (a + b)
        }
    }

    /// Levels evenly spread from 0 to 1: `levels` = 4 gives 0, ⅓, ⅔, 1.
    static func posterize(_ levels: Int) -> (Double) -> Double {
        { t in (t * Double(levels - 1)).rounded() / Double(levels - 1) }
    }
}
