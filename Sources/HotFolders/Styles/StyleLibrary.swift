import Foundation
import TOMLKit

/// What the configuration says about styles for every album: the registry (built-in looks, the
/// `styles_file`, the file's own `[styles.<Name>]` tables) and the `[generators.<name>]`
/// backends. Read with the rest of the file, so a bad entry stops `check-config` and a reload.
public struct StyleLibrary: Sendable, Equatable {
    public var registry: StyleRegistry = .builtIn
    /// `styles_file`, if set.
    public var file: URL?
    public var generators: [String: GeneratorSettings] = [:]

    public init() {}

    /// The generator that makes `style` for an album: the style's own, else the album's
    /// `[style] generator`, else the only generator configured. nil for looks, and when none fits.
    public func generator(for style: Style, album settings: StyleSettings) -> GeneratorSettings? {
        guard case .generator(let own) = style.kind else { return nil }
        if let name = own ?? settings.generator { return generators[name] }
        return generators.count == 1 ? generators.values.first : nil
    }

    /// Reads the top level's `styles_file`, `[styles.<Name>]` and `[generators.<name>]`.
    static func decode(_ table: TOMLTable, source: URL, file: String, context: ConfigContext) throws(ConfigError) -> StyleLibrary {
        var library = StyleLibrary()
        if let value = table["styles_file"] {
            do {
                library.file = try PathExpansion.expand(try TOMLReader.string(value, expected: "a path (a string)"), in: context)
            } catch {
                throw ConfigError(file: file, keyPath: "styles_file", message: error.message)
            }
        }
        if let stylesFile = library.file {
            for style in try StyleRegistry.read(file: stylesFile) { library.registry.add(style) }
        }
        if let value = table["styles"] {
            guard let styles = value.table else {
                let hint = value.array == nil ? "" : "; an album's list of styles goes in [defaults] or [album.\"...\"]"
                throw ConfigError(file: file, keyPath: "styles", message: "expected tables such as [styles.Sepia_light] "
                                  + "(one per style), found \(TOMLReader.describe(value))" + hint)
            }
            for name in styles.keys {
                guard let entry = styles[name], case .table(let fields) = StyleValue(toml: entry) else {
                    throw ConfigError(file: file, keyPath: ConfigPath(components: ["styles", name]).description,
                                      message: "expected a table of the style's fields ([styles.\(ConfigPath.spelled(name))])")
                }
                library.registry.add(try StyleRegistry.decode(name: name, fields: fields, source: .configuration(source),
                                                              file: file, path: ["styles"]))
            }
        }
        if let value = table["generators"] {
            guard let generators = value.table else {
                throw ConfigError(file: file, keyPath: "generators",
                                  message: "expected tables such as [generators.replicate] (one per generator), found \(TOMLReader.describe(value))")
            }
            for name in generators.keys {
                let path = ConfigPath(components: ["generators", name])
                guard let inner = generators[name]?.table else {
                    throw ConfigError(file: file, keyPath: path.description, message: "expected a table ([\(path)])")
                }
                library.generators[name] = try GeneratorSettings.decode(name: name, table: inner, path: path, file: file, context: context)
            }
        }
        return library
    }

    /// What is wrong with an album's merged settings as far as styles go, as (key relative to
    /// the album table, message), or nil.
    func problem(in settings: AlbumSettings) -> (key: String, message: String)? {
        let style = settings.style
        var seen = Set<String>()
        for name in style.names {
            guard seen.insert(name).inserted else {
                return ("styles", "style \(TOMLReader.quoted(name)) is listed twice; each is made once")
            }
            guard let entry = registry[name] else {
                var message = "unknown style \(TOMLReader.quoted(name))"
                if let suggestion = KeySuggestion.closest(to: name, among: registry.names) {
                    message += " (did you mean \(TOMLReader.quoted(suggestion))?)"
                }
                let where_ = file.map { "the built-in looks and \($0.path)" } ?? "the built-in looks (no styles_file is set)"
                return ("styles", message + "; styles come from \(where_) and [styles] tables; `hotfolders styles` lists them")
            }
            if !entry.isLook, generator(for: entry, album: style) == nil {
                let named = entry.namedGenerator ?? style.generator
                if let named {
                    return ("styles", "style \(TOMLReader.quoted(name)) needs generator \(TOMLReader.quoted(named)), which is not configured; "
                            + "add [generators.\(ConfigPath.spelled(named))]")
                }
                return ("styles", "style \(TOMLReader.quoted(name)) is made by an external generator, and "
                        + (generators.isEmpty ? "none is configured: add [generators.<name>] with type = \"command\" or \"http\""
                           : "several are configured: say which with generator = \"...\" in [style] or in the style's entry"))
            }
        }
        if let generator = style.generator, generators[generator] == nil {
            return ("style.generator", "no generator \(TOMLReader.quoted(generator)) is configured"
                    + (generators.isEmpty ? "" : " (there is " + generators.keys.sorted().map(TOMLReader.quoted).joined(separator: ", ") + ")"))
        }
        if let unknown = style.seeds.keys.sorted().first(where: { registry[$0] == nil }) {
            return ("style.seeds", "unknown style \(TOMLReader.quoted(unknown))")
        }
        // Where "style" stands in `rules` is one of the rule checks (`RuleKind.needs`).
        return nil
    }
}

extension Configuration {
    /// The style checks on `[defaults]` and on each `[album]` table over it.
    func checkStyles(file: String) throws(ConfigError) {
        if let problem = styles.problem(in: defaults) {
            throw ConfigError(file: file, keyPath: "defaults.\(problem.key)", message: problem.message)
        }
        for album in albums {
            var settings = defaults
            album.apply(to: &settings)
            if let problem = styles.problem(in: settings) {
                let path = ConfigPath(components: ["album", album.pattern])
                throw ConfigError(file: file, keyPath: "\(path).\(problem.key)", message: problem.message)
            }
        }
    }
}
