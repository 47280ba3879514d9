/// Where a value sits in the config file, written the way TOML spells it so it can be searched
/// for: `album."Vacation 2024".preprocess.max_edge`.
struct ConfigPath: Sendable, CustomStringConvertible {
    var components: [String] = []

    func appending(_ key: String) -> ConfigPath {
        ConfigPath(components: components + [key])
    }

    var description: String { components.map(Self.spelled).joined(separator: ".") }

    /// A bare key as is; anything else (spaces, `*`, non-ASCII) as a quoted key.
    static func spelled(_ key: String) -> String {
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
        return bare ? key : TOMLReader.quoted(key)
    }
}
