import TOMLKit

/// One table of the config file (`[defaults]`, `[defaults.preprocess]`, ...): the keys it accepts
/// and the tables nested in it, as `ConfigSchema` lists them. Decoding checks every key, rejects
/// unknown ones with a suggestion, and returns only the changes the table makes, so the same
/// section serves `[defaults]` and each `[album."..."]` override.
struct ConfigSection<Root>: Sendable {
    typealias Change = @Sendable (inout Root) -> Void

    /// A nested table (`preprocess` in `[defaults.preprocess]`).
    struct Table: Sendable {
        var name: String
        var section: ConfigSection<Root>
    }

    var settings: [ConfigSetting<Root>]
    var tables: [Table] = []
    /// Tables the caller decodes itself (the top level's `album`); accepted here, not read.
    var reserved: [String] = []

    /// Every valid name at this level, for suggestions.
    var names: [String] { settings.map(\.name) + tables.map(\.name) + reserved }

    /// The changes `table` makes, one per key, in key order. Throws the first problem found.
    func decode(_ table: TOMLTable, at path: ConfigPath, file: String, context: ConfigContext) throws(ConfigError) -> [Change] {
        var changes: [Change] = []
        for key in table.keys {
            guard let value = table[key] else { continue }
            let keyPath = path.appending(key)
            if let setting = settings.first(where: { $0.name == key }) {
                do {
                    changes.append(try setting.decode(value, context))
                } catch let problem as ValueProblem {
                    throw ConfigError(file: file, keyPath: keyPath.description, message: problem.message)
                } catch {
                    throw ConfigError(file: file, keyPath: keyPath.description, message: "\(error)")
                }
            } else if let nested = tables.first(where: { $0.name == key }) {
                guard let inner = value.table else {
                    throw ConfigError(file: file, keyPath: keyPath.description,
                                      message: "expected a table ([\(keyPath)]), found \(TOMLReader.describe(value))")
                }
                changes += try nested.section.decode(inner, at: keyPath, file: file, context: context)
            } else if !reserved.contains(key) {
                throw ConfigError(file: file, keyPath: keyPath.description, message: Self.unknownKey(key, among: names))
            }
        }
        return changes
    }

    /// `unknown key (did you mean 'max_edge'?)`, or the valid keys when none is close.
    static func unknownKey(_ key: String, among names: [String]) -> String {
        if let suggestion = KeySuggestion.closest(to: key, among: names) {
            return "unknown key (did you mean '\(suggestion)'?)"
        }
        return "unknown key (valid keys here: \(names.sorted().joined(separator: ", ")))"
    }

    /// The same table nested in a larger value (`[defaults.preprocess]` acting on `AlbumSettings`).
    func lifted<Outer>(_ field: WritableKeyPath<Outer, Root> & Sendable) -> ConfigSection<Outer> {
        ConfigSection<Outer>(
            settings: settings.map { $0.lifted(field) },
            tables: tables.map { .init(name: $0.name, section: $0.section.lifted(field)) },
            reserved: reserved
        )
    }

    /// `key = value` for each key of this table, in schema order, nested tables' keys dotted.
    func values(of root: Root) -> [(key: String, value: String)] {
        settings.map { ($0.name, $0.show(root)) }
            + tables.flatMap { table in table.section.values(of: root).map { ("\(table.name).\($0.key)", $0.value) } }
    }
}
