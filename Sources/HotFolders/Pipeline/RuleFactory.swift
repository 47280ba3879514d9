/// Turns an album's `rules = [...]` list into rule values, in order. Each new rule (metadata,
/// rename, watermark, ...) adds one case here and its settings section in Config/.
enum RuleFactory {
    static func rules(for settings: AlbumSettings) -> [any Rule] {
        settings.rules.compactMap { name -> (any Rule)? in
            switch name {
            case "preprocess": PreprocessRule(settings: settings.preprocess)
            default: nil  // the config loader rejects unknown names, so this is unreachable
            }
        }
    }
}
