import Synchronization

/// One album's pipeline as a configuration makes it: the album's effective settings, merged
/// once, and its rules built from them in the order `rules = [...]` lists them. Made the first
/// time a photo of the album arrives and shared by all its photos while the configuration lasts.
final class AlbumRules: Sendable {
    let settings: AlbumSettings
    /// The rules that act on each photo, in order (every listed rule but `deploy`).
    let steps: [any Rule]

    /// `styles` makes the album's styles (the pipeline's, shared by its photos, so each
    /// generator's in-flight cap holds across them); without one, only built-in looks.
    /// `logos` keeps watermark logos decoded across the pipeline's photos.
    init(settings: AlbumSettings, styles: StyleStudio? = nil, logos: WatermarkLogos = WatermarkLogos()) {
        self.settings = settings
        steps = settings.rules.compactMap { kind -> (any Rule)? in
            switch kind {
            case .metadata: MetadataRule(settings: settings.metadata)
            case .preprocess: PreprocessRule(settings: settings.preprocess)
            case .style: StyleRule(settings: settings.style, preprocess: settings.preprocess,
                                   studio: styles ?? StyleStudio(library: StyleLibrary()))
            case .rename: RenameRule(settings: settings.rename, yearFallback: settings.metadata.yearFallback)
            case .derivatives: DerivativesRule(settings: settings.derivatives)
            case .watermark: WatermarkRule(settings: settings.watermark, yearFallback: settings.metadata.yearFallback, logos: logos)
            // Not a step: an album that deploys is published once its photos are done (`Publishing`,
            // `Deployer`), so nothing of a photo's way waits on a server.
            case .deploy: nil
            }
        }
    }
}

/// Every album's `AlbumRules` under one configuration, each built once, when its album's first
/// photo comes. A reload brings a new configuration and with it a new set of lists.
final class RuleLists: Sendable {
    let configuration: Configuration
    let styles: StyleStudio
    let logos: WatermarkLogos
    private let built = Mutex<[String: AlbumRules]>([:])

    init(configuration: Configuration, styles: StyleStudio, logos: WatermarkLogos) {
        self.configuration = configuration
        self.styles = styles
        self.logos = logos
    }

    func rules(forAlbum album: String) -> AlbumRules {
        if let rules = built.withLock({ $0[album] }) { return rules }
        // Built outside the lock (merging and building are pure); two first photos at once may
        // both build, and the first one stored is the one every photo uses.
        let made = AlbumRules(settings: configuration.settings(forAlbum: album), styles: styles, logos: logos)
        return built.withLock { lists in
            if let rules = lists[album] { return rules }
            lists[album] = made
            return made
        }
    }

    /// The album's list if one of its photos has come yet.
    func existing(forAlbum album: String) -> AlbumRules? {
        built.withLock { $0[album] }
    }
}
