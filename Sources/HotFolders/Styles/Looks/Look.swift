/// A built-in look: a photographic treatment done by libvips on this machine, fast and
/// deterministic (the film grain follows its seed). Each is a style of its own under its name
/// (`styles = ["sepia"]`), and a styles file can add variants with other parameters
/// (`[Sepia_light] look = "sepia"`, `chroma = 12`).
public enum Look: String, Sendable, CaseIterable {
    case bw, sepia, duotone, pop
    case pixelArt = "pixel_art"
    case pencil, vignette, grain, warm, cool

    /// What it looks like, in a line.
    public var summary: String {
        switch self {
        case .bw: "black and white from a channel mix (a red-orange filter by default), with contrast"
        case .sepia: "warm brown toning: black and white laid on a sepia gradient"
        case .duotone: "two inks: shadows in one colour, highlights in another"
        case .pop: "pop art: boosted colours cut into a few flat tones (greys stay grey)"
        case .pixelArt: "pixel art: big averaged blocks, few colours"
        case .pencil: "pencil sketch: the photo's edges as grey strokes on white paper"
        case .vignette: "darkened corners that draw the eye to the middle"
        case .grain: "film grain, seeded: the same seed gives the same grain"
        case .warm: "warm grade: midtones towards amber, blacks and whites stay neutral"
        case .cool: "cool grade: midtones towards blue, blacks and whites stay neutral"
        }
    }

    /// Its parameters with defaults and ranges. Sizes in pixels are for a 2048 px long edge and
    /// scale with the photo, so a look is the same at any size.
    public var parameters: [LookParameter] {
        switch self {
        case .bw: [
            .number("red", 0.45, in: -1...2, "share of the red channel in the grey (more: darker skies, lighter skin)"),
            .number("green", 0.40, in: -1...2, "share of the green channel"),
            .number("blue", 0.15, in: -1...2, "share of the blue channel (the three are scaled to add up to 1)"),
            .number("contrast", 1.2, in: 0.5...3, "slope of the tone curve in the midtones; 1 leaves tones alone"),
        ]
        case .sepia: [
            .number("hue", 65, in: 0...360, "hue of the toning in degrees (CIE LCh): 50 reddish brown, 80 yellowish"),
            .number("chroma", 24, in: 0...60, "how strongly coloured the midtones are; shadows and highlights get less"),
            .number("contrast", 1.1, in: 0.5...3, "slope of the tone curve in the midtones"),
        ]
        case .duotone: [
            .colour("shadows", "#1e2a5a", "colour of the darkest tones"),
            .colour("highlights", "#ffd38a", "colour of the lightest tones"),
            .number("contrast", 1.15, in: 0.5...3, "slope of the tone curve in the midtones"),
        ]
        case .pop: [
            .number("levels", 4, in: 2...8, "tones of lightness; colours are cut to a few flat steps as well, and greys stay grey"),
            .number("saturation", 2.2, in: 0...4, "colour boost before the colours are cut; 1 leaves colours alone"),
            .number("smoothing", 2, in: 0...8, "blur in pixels before cutting, so flat areas come out clean"),
        ]
        case .pixelArt: [
            .number("pixels", 96, in: 8...1024, "blocks across the long edge"),
            .number("levels", 6, in: 2...16, "tones of lightness (colours are cut to flat steps as well)"),
            .number("saturation", 1.25, in: 0...4, "colour boost; 1 leaves colours alone"),
        ]
        case .pencil: [
            .number("radius", 8, in: 1...64, "width of the strokes in pixels: larger draws broader, softer edges"),
            .number("darkness", 2.2, in: 0.5...6, "how dark the strokes are"),
        ]
        case .vignette: [
            .number("amount", 0.5, in: 0...1, "how much darker the corners get (1: black)"),
            .number("midpoint", 0.45, in: 0...1, "where darkening starts, as a share of the way from the centre to a corner"),
        ]
        case .grain: [
            .number("amount", 10, in: 0...64, "strength: standard deviation of the grain in 8-bit levels at midtones"),
            .number("size", 1, in: 0...8, "grain size in pixels; 0 is single-pixel noise"),
        ]
        case .warm, .cool: [
            .number("amount", 0.5, in: 0...1, "strength of the grade"),
        ]
        }
    }
}

/// One parameter of a look: its name in a styles file, kind, default and what it does.
public struct LookParameter: Sendable {
    public enum Kind: Sendable, Equatable {
        case number(ClosedRange<Double>)
        /// `"#rrggbb"`.
        case colour
    }

    public var name: String
    public var kind: Kind
    public var defaultValue: StyleValue
    public var help: String

    static func number(_ name: String, _ value: Double, in range: ClosedRange<Double>, _ help: String) -> LookParameter {
        LookParameter(name: name, kind: .number(range),
                      defaultValue: value.rounded() == value ? .integer(Int(value)) : .number(value), help: help)
    }

    static func colour(_ name: String, _ hex: String, _ help: String) -> LookParameter {
        LookParameter(name: name, kind: .colour, defaultValue: .text(hex), help: help)
    }
}

/// A look with every parameter read and checked: numbers within range, colours parsed.
public struct LookSettings: Sendable, Equatable {
    public var look: Look
    public var numbers: [String: Double] = [:]
    public var colours: [String: LookColour] = [:]

    /// The look with its defaults.
    public init(_ look: Look) {
        self.look = look
        for parameter in look.parameters { try! set(parameter.name, parameter.defaultValue) }
    }

    /// Sets one parameter from a styles-file value; throws what is wrong in plain words.
    mutating func set(_ name: String, _ value: StyleValue) throws(ValueProblem) {
        guard let parameter = look.parameters.first(where: { $0.name == name }) else {
            throw ValueProblem("not a parameter of look \"\(look.rawValue)\"")
        }
        switch parameter.kind {
        case .number(let range):
            let bounds = "\(StyleValue.spelled(range.lowerBound)) to \(StyleValue.spelled(range.upperBound))"
            guard let number = value.numeric, range.contains(number) else {
                throw ValueProblem(expected: "a number from \(bounds)", found: value.description)
            }
            numbers[name] = number
        case .colour:
            guard let text = value.text, let colour = LookColour(hex: text) else {
                throw ValueProblem(expected: "a colour written \"#rrggbb\"", found: value.description)
            }
            colours[name] = colour
        }
    }

    subscript(number name: String) -> Double { numbers[name] ?? 0 }
    subscript(colour name: String) -> LookColour { colours[name] ?? LookColour(red: 0, green: 0, blue: 0) }

    /// `name = value` per parameter, in the look's order, as a styles file would write them.
    public var parameterLines: [(name: String, value: String)] {
        look.parameters.map { parameter in
            switch parameter.kind {
            case .number: (parameter.name, StyleValue.spelled(self[number: parameter.name]))
            case .colour: (parameter.name, TOMLReader.quoted(self[colour: parameter.name].description))
            }
        }
    }
}
