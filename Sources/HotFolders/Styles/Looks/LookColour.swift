import Foundation

/// An sRGB colour as a look's parameters give it (`"#704214"`), and the CIE Lab arithmetic the
/// toning looks need: gradients are laid out in Lab, so lightness follows the photo evenly and
/// the midtones between two colours do not go muddy.
public struct LookColour: Sendable, Equatable, CustomStringConvertible {
    /// 0-255 each.
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `#rrggbb` (or `rrggbb`, or the short `#rgb`), case-insensitive, as `RGBColor` reads it;
    /// nil for anything else.
    public init?(hex: String) {
        guard let colour = RGBColor(hex: hex.hasPrefix("#") ? hex : "#" + hex) else { return nil }
        self.init(red: Double(colour.red), green: Double(colour.green), blue: Double(colour.blue))
    }

    public var description: String {
        "#" + [red, green, blue].map { String(format: "%02x", Int($0.rounded().clamped(to: 0...255))) }.joined()
    }

    // MARK: Lab (D65, as libvips uses)

    private static let white = (x: 95.047, y: 100.0, z: 108.883)

    /// L (0-100), a, b.
    public var lab: (l: Double, a: Double, b: Double) {
        func linear(_ v: Double) -> Double {
            let c = v / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let (r, g, b) = (linear(red), linear(green), linear(blue))
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) * 100
        let y = (0.2126729 * r + 0.7151522 * g + 0.0721750 * b) * 100
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) * 100
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        let (fx, fy, fz) = (f(x / Self.white.x), f(y / Self.white.y), f(z / Self.white.z))
        return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))
    }

    /// The sRGB colour of a Lab value, each band clipped to 0-255 (out-of-gamut colours clip).
    public static func fromLab(l: Double, a: Double, b: Double) -> LookColour {
        let fy = (l + 16) / 116
        let fx = fy + a / 500
        let fz = fy - b / 200
        func finv(_ t: Double) -> Double { t * t * t > 216.0 / 24389 ? t * t * t : (116 * t - 16) * 27 / 24389 }
        let x = finv(fx) * white.x / 100, y = finv(fy) * white.y / 100, z = finv(fz) * white.z / 100
        let r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z
        let g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z
        let bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z
        func encoded(_ c: Double) -> Double {
            let v = c <= 0.0031308 ? 12.92 * c : 1.055 * pow(max(c, 0), 1 / 2.4) - 0.055
            return (v * 255).clamped(to: 0...255)
        }
        return LookColour(red: encoded(r), green: encoded(g), blue: encoded(bl))
    }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
