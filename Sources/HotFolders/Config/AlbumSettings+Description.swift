extension AlbumSettings {
    /// The settings as `check-config` shows them, in the file's own spelling so each line can be
    /// copied into an `[album]` table: one line per key, then one line per rule that runs
    /// (`preprocess: max_edge = 2048, multiple_of = 8, ...`). Tables of rules not in `rules` are left out.
    public var summaryLines: [String] {
        let schema = ConfigSchema.album
        let keys = schema.settings.map { "\($0.name) = \($0.show(self))" }
        let tables = schema.tables.compactMap { table -> String? in
            if Self.knownRules.contains(table.name), !rules.contains(table.name) { return nil }
            let prefix = table.name + "."
            let pairs = schema.values(of: self).filter { $0.key.hasPrefix(prefix) }
                .map { "\($0.key.dropFirst(prefix.count)) = \($0.value)" }
            return "\(table.name): " + pairs.joined(separator: ", ")
        }
        return keys + tables
    }
}
