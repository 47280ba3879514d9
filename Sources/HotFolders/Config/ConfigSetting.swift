import Foundation
import TOMLKit

/// One key of a config table, as the schema lists it: its name, how a TOML value becomes a change
/// to the settings (or a `ValueProblem`), and how the current value is shown by `check-config`.
/// A change sets only this key, so an `[album]` table that names two keys changes two fields.
struct ConfigSetting<Root>: Sendable {
    typealias Change = @Sendable (inout Root) -> Void

    let name: String
    let decode: @Sendable (any TOMLValueConvertible, ConfigContext) throws -> Change
    let show: @Sendable (Root) -> String

    /// A key stored in one field: `read` checks and converts the value, `show` writes it back in
    /// TOML's spelling.
    static func field<Value: Sendable>(
        _ name: String, _ field: WritableKeyPath<Root, Value> & Sendable,
        read: @escaping @Sendable (any TOMLValueConvertible, ConfigContext) throws -> Value,
        show: @escaping @Sendable (Value) -> String
    ) -> ConfigSetting {
        ConfigSetting(
            name: name,
            decode: { value, context in
                let decoded = try read(value, context)
                return { $0[keyPath: field] = decoded }
            },
            show: { show($0[keyPath: field]) }
        )
    }

    /// The same key on a value nested in a larger one (`preprocess.max_edge` on `AlbumSettings`).
    func lifted<Outer>(_ field: WritableKeyPath<Outer, Root> & Sendable) -> ConfigSetting<Outer> {
        let decode = self.decode, show = self.show
        return ConfigSetting<Outer>(
            name: name,
            decode: { value, context in
                let change = try decode(value, context)
                return { change(&$0[keyPath: field]) }
            },
            show: { show($0[keyPath: field]) }
        )
    }
}

// The kinds of value the config holds today; a later rule adds a kind here when it needs one.
extension ConfigSetting {
    static func integer(_ name: String, _ field: WritableKeyPath<Root, Int> & Sendable, in range: ClosedRange<Int>) -> ConfigSetting {
        .field(name, field, read: { value, _ in try TOMLReader.integer(value, in: range) }, show: { "\($0)" })
    }

    /// An integer that may be left out, `unset` saying what happens then.
    static func integer(_ name: String, _ field: WritableKeyPath<Root, Int?> & Sendable, in range: ClosedRange<Int>,
                        unset: String) -> ConfigSetting {
        .field(name, field, read: { value, _ in try TOMLReader.integer(value, in: range) }, show: { $0.map { "\($0)" } ?? unset })
    }

    static func choice<Choice>(_ name: String, _ field: WritableKeyPath<Root, Choice> & Sendable) -> ConfigSetting
    where Choice: RawRepresentable & CaseIterable & Sendable, Choice.RawValue == String {
        .field(name, field, read: { value, _ in try TOMLReader.choice(value, of: Choice.self) },
               show: { TOMLReader.quoted($0.rawValue) })
    }

    /// An ordered list of an enum's raw values, each once (`rules = ["metadata", "preprocess"]`).
    static func names<Name>(_ name: String, _ field: WritableKeyPath<Root, [Name]> & Sendable, noun: String) -> ConfigSetting
    where Name: RawRepresentable & CaseIterable & Sendable, Name.RawValue == String {
        .field(name, field, read: { value, _ in
            // nameList takes only known names, so every one has its case.
            try TOMLReader.nameList(value, known: Name.allCases.map(\.rawValue), noun: noun).compactMap(Name.init(rawValue:))
        }, show: { "[" + $0.map { TOMLReader.quoted($0.rawValue) }.joined(separator: ", ") + "]" })
    }

    /// A length of time, `"1m30s"` or a number of seconds, within `range`.
    static func duration(_ name: String, _ field: WritableKeyPath<Root, Duration> & Sendable,
                         in range: ClosedRange<Duration>) -> ConfigSetting {
        .field(name, field, read: { value, _ in try TOMLReader.duration(value, in: range) },
               show: { TOMLReader.quoted(ConfigDuration.text($0)) })
    }

    /// A length of time that may be turned off with the word `off` (nil then).
    static func optionalDuration(_ name: String, _ field: WritableKeyPath<Root, Duration?> & Sendable,
                                 in range: ClosedRange<Duration>, off: String) -> ConfigSetting {
        .field(name, field, read: { value, _ in
            value.string == off ? nil : try TOMLReader.duration(value, in: range)
        }, show: { $0.map { TOMLReader.quoted(ConfigDuration.text($0)) } ?? TOMLReader.quoted(off) })
    }

    /// A list of strings, possibly empty; `check` says what is wrong with one, or nil.
    static func strings(_ name: String, _ field: WritableKeyPath<Root, [String]> & Sendable, expected: String,
                        check: @escaping @Sendable (String) -> String? = { _ in nil }) -> ConfigSetting {
        .field(name, field, read: { value, _ in try TOMLReader.stringList(value, expected: expected, check: check) },
               show: { "[" + $0.map(TOMLReader.quoted).joined(separator: ", ") + "]" })
    }

    /// A folder: `~` and `${VAR}` expanded, relative to the current directory.
    static func path(_ name: String, _ field: WritableKeyPath<Root, URL?> & Sendable) -> ConfigSetting {
        .field(name, field, read: { value, context in
            try PathExpansion.expand(try TOMLReader.string(value, expected: "a path (a string)"), in: context)
        }, show: { $0.map { TOMLReader.quoted($0.path) } ?? "(not set)" })
    }
}
