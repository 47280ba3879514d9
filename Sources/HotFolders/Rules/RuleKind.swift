/// A rule an album's `rules = [...]` may name (the config spells it by its raw value), and what
/// it needs to do its work. The needs are checked against every album's effective settings when
/// the configuration is loaded, so a list that cannot work is a config error naming the album and
/// the rule, never a photo that fails later.
public enum RuleKind: String, Sendable, CaseIterable {
    // In the order the pipeline usually runs them; the config's error messages list them so.
    case metadata, preprocess, rename, style, derivatives, watermark
    /// Not a step of a photo's way: the album's recorded outputs are published (manifest, S3)
    /// once the photo is done, so an unreachable server never slows or fails a photo.
    case deploy

    /// What a rule needs from the rules listed before it.
    enum Need: Sendable, Equatable {
        /// The decoded photo in memory (`PhotoWork.image`): `preprocess` must be listed before it.
        case decodedImage
        /// The place and capture time (`PhotoWork.metadata`): `metadata`, when listed, before it.
        case metadataFirst
        /// What the other rule plans, when it is listed: it must come first.
        case after(RuleKind)
    }

    var needs: [Need] {
        switch self {
        case .metadata, .preprocess, .deploy: []
        case .rename: [.metadataFirst]
        case .style, .derivatives: [.decodedImage]
        // It marks the outputs planned before it: one planned after would go out unmarked.
        case .watermark: [.metadataFirst, .after(.preprocess), .after(.style), .after(.derivatives)]
        }
    }

    /// The first need `rules` leaves unmet, in plain words; nil when the list works.
    static func orderProblem(in rules: [RuleKind]) -> String? {
        for kind in allCases {
            guard let index = rules.firstIndex(of: kind) else { continue }
            for need in kind.needs {
                let missed: Bool
                switch need {
                case .decodedImage: missed = rules.firstIndex(of: .preprocess).map { $0 > index } ?? true
                case .metadataFirst: missed = rules.firstIndex(of: .metadata).map { $0 > index } ?? false
                case .after(let other): missed = rules.firstIndex(of: other).map { $0 > index } ?? false
                }
                if missed { return kind.problem(need) }
            }
        }
        return nil
    }

    private func problem(_ need: Need) -> String {
        switch (self, need) {
        case (.style, .decodedImage):
            "\"style\" works on the preprocessed photo: put \"preprocess\" before it"
        case (_, .decodedImage):
            "\"\(rawValue)\" are cut from the preprocessed photo: list \"preprocess\" before \"\(rawValue)\""
        case (_, .metadataFirst):
            "\"\(rawValue)\" uses the place and capture time the metadata rule finds: list \"metadata\" before \"\(rawValue)\""
        case (_, .after(.preprocess)):
            "list \"\(rawValue)\" after \"preprocess\": it marks the outputs made before it"
        case (_, .after(.style)):
            "list \"\(rawValue)\" after \"style\" so a generated style does not smear the mark"
        case (_, .after(.derivatives)):
            "list \"\(rawValue)\" after \"derivatives\" so every size is marked at its own size"
        case (_, .after(let other)):
            "list \"\(rawValue)\" after \"\(other.rawValue)\": it works on what \"\(other.rawValue)\" makes"
        }
    }

    /// A setting the rule cannot work without, checked on every album that lists the rule: the
    /// key blamed (relative to the album table) and what is wrong with it, or nil.
    var settingCheck: (key: String, problem: @Sendable (AlbumSettings) -> String?)? {
        switch self {
        case .watermark:
            ("watermark.variants", { WatermarkSettings.unknownVariant(in: $0) })
        case .deploy:
            ("deploy.target", { settings in
                settings.deploy.target != nil ? nil
                    : "required when rules include \"deploy\": where to publish, such as \"s3://bucket/albums/{album}/{variant}/\""
            })
        case .metadata, .preprocess, .rename, .style, .derivatives:
            nil
        }
    }
}
