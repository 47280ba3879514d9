/// Turns an album's `rules = [...]` list into rule values, in order. Each new rule (metadata,
/// rename, watermark, ...) adds one case here and its settings section in Config/.
enum RuleFactory {
    /// `styles` makes the album's styles (the pipeline's, shared by its photos, so each
    /// generator's in-flight cap holds across them); without one, only built-in looks.
    /// `logos` keeps watermark logos decoded across the pipeline's photos.
    static func rules(for settings: AlbumSettings, styles: StyleStudio? = nil, logos: WatermarkLogos = WatermarkLogos()) -> [any Rule] {
        settings.rules.map { kind -> any Rule in
            switch kind {
            case .metadata: MetadataRule(settings: settings.metadata)
            case .preprocess: PreprocessRule(settings: settings.preprocess)
            case .style: StyleRule(settings: settings.style, preprocess: settings.preprocess,
                                   studio: styles ?? StyleStudio(library: StyleLibrary()))
            case .rename: RenameRule(settings: settings.rename, yearFallback: settings.metadata.yearFallback)
            case .derivatives: DerivativesRule(settings: settings.derivatives)
            case .watermark: WatermarkRule(settings: settings.watermark, yearFallback: settings.metadata.yearFallback, logos: logos)
            case .deploy: DeployRule()
            }
        }
    }
}
