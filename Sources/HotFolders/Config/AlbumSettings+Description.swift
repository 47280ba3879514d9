extension AlbumSettings {
    /// The pipeline settings as `check-config` shows them, in the file's own spelling so each line
    /// can be copied into an `[album]` table: one line per key, then one line per rule that runs
    /// (`preprocess: max_edge = 2048, multiple_of = 8, ...`). Tables of rules not in `rules` are
    /// left out, and so are the keys `arrivalLines` shows.
    public var summaryLines: [String] {
        let schema = ConfigSchema.album
        let arrival = Set(ConfigSchema.arrival.map(\.name))
        let keys = schema.settings.filter { !arrival.contains($0.name) }
            .filter { $0.name != "styles" || rules.contains(.style) }  // styles are made only by the style rule
            .filter { $0.name != "metadata_by_variant" || !metadataByVariant.isEmpty }
            .map { "\($0.name) = \($0.show(self))" }
        let tables = schema.tables.compactMap { table -> String? in
            if let kind = RuleKind(rawValue: table.name), !rules.contains(kind) { return nil }
            let prefix = table.name + "."
            let pairs = schema.values(of: self).filter { $0.key.hasPrefix(prefix) }
                .map { "\($0.key.dropFirst(prefix.count)) = \($0.value)" }
            return "\(table.name): " + pairs.joined(separator: ", ")
        }
        return keys + tables
    }

    /// How files reach the pipeline, as `check-config` shows it below `summaryLines`, one line per
    /// key in the file's spelling: `settle = "2s"`, `watch = "auto"`, `poll_interval = "30s"`, ...
    public var arrivalLines: [String] {
        ConfigSchema.arrival.map { "\($0.name) = \($0.show(self))" }
    }
}
