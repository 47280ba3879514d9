import Foundation

/// `[defaults.watermark]` / `[album."X".watermark]`: the owner's mark on published outputs: a
/// line of text from a template (`"{owner} © {year} {zodiac} {place}"`), a logo, or both, in a
/// corner or tiled across the photo, sized from each image's short edge so a 256 px derivative
/// carries the same mark as the 2048 px photo.
public struct WatermarkSettings: Sendable, Equatable {
    /// The text; a token without a value goes with its separator. An empty template prints no text.
    public var template = Self.defaultTemplate
    /// `{owner}`; nil leaves it out.
    public var owner: String?
    /// Added to the capture year for `{year}`.
    public var yearOffset = 0
    /// A font family (or a comma-separated list of them, tried in turn).
    public var font = "DejaVu Sans"
    /// A font file to load first, for a font that is not installed.
    public var fontFile: URL?
    public var weight: FontWeight = .bold
    /// The letters' size (the font's em) as a fraction of the image's short edge.
    public var size = 0.035
    /// The smallest letters printed, in pixels: on a small output `size` would make them
    /// unreadable. An output too small to carry text of this size gets none (see
    /// `WatermarkPainter`). 0: no minimum, the text always scales with the image.
    public var minSizePx = 10
    public var position: Anchor = .bottomRight
    /// The gap between the mark and the edges it sits at, as a fraction of the short edge.
    public var margin = 0.02
    /// How opaque the mark is, 0-1.
    public var opacity = 0.85
    public var color = RGBColor.white
    /// What keeps the text readable on a background of its own colour.
    public var outline: OutlineStyle = .outline
    public var outlineColor = RGBColor.black
    public var mode: WatermarkMode = .mark
    /// Tiled mode: the text's slant in degrees (negative rises to the right).
    public var angle = -30.0
    /// Tiled mode: how opaque the repeated text is, 0-1.
    public var tileOpacity = 0.3
    /// A PNG (with transparency) printed as well as the text, or instead of it (`template = ""`).
    public var logo: URL?
    /// The logo's long edge as a fraction of the image's short edge.
    public var logoSize = 0.12
    /// Where the logo goes; nil puts it beside the text, as one mark.
    public var logoPosition: Anchor?
    /// The outbox variants marked (`web`, a style, a derivative size); empty marks every output.
    public var variants: [String] = []

    public static let defaultTemplate = try! TextTemplate(parsing: "{owner} © {year} {zodiac} {place}")

    public init() {}

    /// Whether outputs of `variant` are marked.
    public func marks(variant: String) -> Bool {
        variants.isEmpty || variants.contains(variant)
    }
}

/// `weight = "..."`: how heavy the letters are.
public enum FontWeight: String, Sendable, CaseIterable {
    case thin, light, normal, medium, semibold, bold, heavy

    /// Pango's word for it in a font description ("" for normal).
    var pangoName: String {
        switch self {
        case .thin: "Thin"
        case .light: "Light"
        case .normal: ""
        case .medium: "Medium"
        case .semibold: "Semi-Bold"
        case .bold: "Bold"
        case .heavy: "Heavy"
        }
    }
}

/// `outline = "outline" | "shadow" | "none"`.
public enum OutlineStyle: String, Sendable, CaseIterable {
    /// A rim of `outline_color` all round the letters.
    case outline
    /// A soft shadow of `outline_color` below and to the right.
    case shadow
    case none
}

/// `mode = "mark" | "tiled"`.
public enum WatermarkMode: String, Sendable, CaseIterable {
    /// One mark at `position`.
    case mark
    /// The text repeated over the whole image, slanted by `angle`, at `tile_opacity`.
    case tiled
}

extension WatermarkSettings {
    /// A `variants` entry that looks like a typo of a variant the album makes ("wbe" for "web"),
    /// as a message; nil when there is none. A name close to nothing is let through: `[defaults]`
    /// may name a style only some albums make.
    static func unknownVariant(in album: AlbumSettings) -> String? {
        guard album.rules.contains(.watermark) else { return nil }
        var made: [String] = []
        if album.rules.contains(.preprocess) { made.append("web") }
        if album.rules.contains(.style) { made += album.style.names }
        if album.rules.contains(.derivatives) { made += album.derivatives.sizes.map(String.init) }
        for name in album.watermark.variants where !made.contains(name) {
            if let suggestion = KeySuggestion.closest(to: name, among: made) {
                return "\(TOMLReader.quoted(name)) is not an output of this album (did you mean \(TOMLReader.quoted(suggestion))?); "
                    + "its outputs: " + made.map(TOMLReader.quoted).joined(separator: ", ")
            }
        }
        return nil
    }
}
