/// Every table and key the config file accepts, with its type, range and the field it sets, in
/// one place. A later rule adds its settings struct to `AlbumSettings`, its name to
/// `AlbumSettings.knownRules`, a section here, and one line in `album.tables`; loading,
/// validation, suggestions and `check-config` follow from that.
enum ConfigSchema {
    /// `[defaults.preprocess]`, `[album."X".preprocess]`.
    static let preprocess = ConfigSection<PreprocessSettings>(settings: [
        .integer("max_edge", \.maxEdge, in: 16...65535),
        .integer("multiple_of", \.multipleOf, in: 1...64),
        .choice("format", \.format),
        .integer("quality", \.quality, in: 1...100),
        // The range for each format is checked in `checks`, once the format is known.
        .integer("effort", \.effort, in: 0...9, unset: "(encoder default)"),
        .choice("metadata", \.metadata),
        .integer("max_megapixels", \.maxMegapixels, in: 1...1000),
    ])

    /// The keys of `[defaults]` and `[album."X"]` that say how files reach the pipeline (the
    /// watcher and the settle stage), as opposed to what the pipeline does with them.
    static let arrival: [ConfigSetting<AlbumSettings>] = [
        // Two looks at size and mtime need some time between them to see a copy growing.
        .duration("settle", \.settle, in: .milliseconds(100) ... .seconds(3600)),
        .choice("watch", \.watch),
        .duration("poll_interval", \.pollInterval, in: .seconds(1) ... .seconds(86_400)),
        // 0s: an undecodable photo goes to failed/ at once, however recently it changed.
        .duration("incomplete_wait", \.incompleteWait, in: .zero ... .seconds(86_400)),
    ]

    /// `[defaults]` and each `[album."pattern"]`.
    static let album = ConfigSection<AlbumSettings>(
        settings: [
            .names("rules", \.rules, known: AlbumSettings.knownRules, noun: "rule"),
            .choice("after", \.after),
            .choice("duplicates", \.duplicates),
        ] + arrival,
        tables: [
            .init(name: "preprocess", section: preprocess.lifted(\.preprocess)),
        ]
    )

    /// The file's top level. `album` is a table of patterns, decoded by the loader (file order matters).
    static let top = ConfigSection<ConfigDraft>(
        settings: [
            .path("root", \.root),
            .path("state", \.state),
            .integer("workers", \.workers, in: 1...64, unset: "(number of cores)"),
            // Matched against each file and folder name, never a path: an empty list ignores nothing.
            .strings("ignore", \.ignored.patterns, expected: #"a list of file name patterns such as ["*.part", ".*"]"#) { pattern in
                pattern.contains("/") ? "contains '/'; patterns match one file or folder name, not a path" : nil
            },
            .duration("reconcile_interval", \.reconcileInterval, in: .seconds(10) ... .seconds(86_400)),
            .duration("shutdown_timeout", \.shutdownTimeout, in: .seconds(1) ... .seconds(3600)),
        ],
        tables: [.init(name: "defaults", section: album.lifted(\.defaults))],
        reserved: ["album"]
    )

    /// A rule about several keys together, checked on settings once they are merged.
    struct Check: Sendable {
        /// The key blamed, relative to the album table (`preprocess.effort`).
        var key: String
        var problem: @Sendable (AlbumSettings) -> String?
    }

    static let checks: [Check] = [
        Check(key: "preprocess.effort") { settings in
            // libvips: webpsave effort 0-6, heifsave (AVIF) effort 0-9; JPEG and PNG ignore it.
            guard settings.preprocess.format == .webp, let effort = settings.preprocess.effort, effort > 6 else { return nil }
            return "expected an integer from 0 to 6 for format \"webp\" (avif takes 0 to 9), found \(effort)"
        },
    ]

    /// Problems of merged album settings, each as (key relative to the album table, message).
    static func problems(in settings: AlbumSettings) -> [(key: String, message: String)] {
        checks.compactMap { check in check.problem(settings).map { (check.key, $0) } }
    }
}

extension AlbumSettings {
    /// Rule names `rules = [...]` accepts, in the order the pipeline would usually run them.
    /// Each later rule adds its name here (metadata, rename, style, watermark, derivatives, deploy).
    public static let knownRules = ["preprocess"]
}
