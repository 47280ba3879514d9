import TOMLKit

/// An album's styles: `styles = ["Van_Gogh", "sepia"]` in `[defaults]` or `[album."X"]`, and the
/// `[defaults.style]` / `[album."X".style]` table: fixed seeds, the generator for registry styles
/// that name none, and how the results are encoded.
public struct StyleSettings: Sendable, Equatable {
    /// Style names in the order they are made; each gives `outbox/<Album>/<Style>/`.
    public var names: [String] = []
    /// A seed every style of the album uses (nil: each photo and style gets a random one).
    public var seed: UInt32?
    /// Seeds for single styles, over `seed` and over a seed in the style's own entry.
    public var seeds: [String: UInt32] = [:]
    /// The generator for styles whose entry names none.
    public var generator: String?
    /// nil: the same as the preprocess rule's.
    public var format: OutputFormat?
    public var quality: Int?

    public init() {}

    /// The fixed seed for `style` in this album, if any: `seeds.<Style>`, then `seed`, then the
    /// style entry's own `seed`.
    public func fixedSeed(for style: Style) -> UInt32? {
        seeds[style.name] ?? seed ?? style.seed
    }

    /// A seed for a result: the fixed one, else a fresh random one (recorded with the result, so
    /// `hotfolders restyle` can make it again).
    public func seed(for style: Style) -> UInt32 {
        fixedSeed(for: style) ?? StyleSettings.randomSeed()
    }

    /// 0 to 2^31 - 1: fits every generator's seed (and a signed 32-bit one).
    static func randomSeed() -> UInt32 { UInt32.random(in: 0...UInt32(Int32.max)) }

    /// How the album's style results are encoded.
    func encoding(with preprocess: PreprocessSettings) -> Encoding {
        let format = format ?? preprocess.format
        return Encoding(format: format, quality: quality ?? preprocess.quality,
                        effort: format == preprocess.format ? preprocess.effort : nil, metadata: preprocess.metadata)
    }
}

extension ConfigSchema {
    /// `[defaults.style]`, `[album."X".style]`.
    static let style = ConfigSection<StyleSettings>(settings: [
        .styleSeed("seed", \.seed),
        .field("seeds", \.seeds, read: { value, _ in
            let expected = "a table of style name = seed, such as { Van_Gogh = 42 }"
            guard let table = value.table else { throw ValueProblem(expected: expected, found: TOMLReader.describe(value)) }
            var seeds: [String: UInt32] = [:]
            for key in table.keys {
                guard let number = table[key]?.int, number >= 0, number <= Int(UInt32.max) else {
                    throw ValueProblem("\(ConfigPath.spelled(key)): expected a whole number from 0 to \(UInt32.max)")
                }
                seeds[key] = UInt32(number)
            }
            return seeds
        }, show: { seeds in
            seeds.isEmpty ? "{}" : "{ " + seeds.sorted { $0.key < $1.key }.map { "\(ConfigPath.spelled($0.key)) = \($0.value)" }
                .joined(separator: ", ") + " }"
        }),
        .field("generator", \.generator, read: { value, _ in try TOMLReader.string(value, expected: "a generator's name (a text)") },
               show: { $0.map(TOMLReader.quoted) ?? "(the style's own, or the only one)" }),
        .field("format", \.format, read: { value, _ in try TOMLReader.choice(value, of: OutputFormat.self) },
               show: { $0.map { TOMLReader.quoted($0.rawValue) } ?? "(as preprocess)" }),
        .field("quality", \.quality, read: { value, _ in try TOMLReader.integer(value, in: 1...100) },
               show: { $0.map(String.init) ?? "(as preprocess)" }),
    ])

    /// `styles = [...]` in `[defaults]` and `[album."X"]`: checked against the registry once
    /// the whole file is read (`Configuration.checkStyles`).
    static let styleNames = ConfigSetting<AlbumSettings>.strings(
        "styles", \.style.names, expected: #"a list of style names such as ["sepia", "Van_Gogh"] (`hotfolders styles` lists them)"#
    ) { name in Style.nameProblem(name).map { "cannot be a style: \($0)" } }
}

extension ConfigSetting {
    fileprivate static func styleSeed(_ name: String, _ field: WritableKeyPath<Root, UInt32?> & Sendable) -> ConfigSetting {
        .field(name, field, read: { value, _ in UInt32(try TOMLReader.integer(value, in: 0...Int(UInt32.max))) },
               show: { $0.map(String.init) ?? "(random per photo and style)" })
    }
}
