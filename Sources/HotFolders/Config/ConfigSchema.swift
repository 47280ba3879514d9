/// Every table and key the config file accepts, with its type, range and the field it sets, in
/// one place. A later rule adds its settings struct to `AlbumSettings`, a case to `RuleKind`
/// (with what it needs), a section here, and one line in `album.tables`; loading, validation,
/// suggestions and `check-config` follow from that.
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

    /// `[defaults.metadata]`, `[album."X".metadata]`.
    static let metadata = ConfigSection<MetadataSettings>(settings: [
        .choice("geocoder", \.geocoder),
        .url("nominatim_url", \.nominatimURL),
        .string("user_agent", \.userAgent, expected: "a User-Agent naming this application and a way to reach you",
                parse: { $0 }, show: TOMLReader.quoted),
        .optionalString("email", \.email, expected: "an e-mail address", unset: "(not sent)") { text in
            text.contains("@") && !text.contains(" ") ? nil : "is not an e-mail address"
        },
        .string("language", \.language, expected: #"a language code such as "en" or "fr,en""#,
                parse: { $0 }, show: TOMLReader.quoted),
        .integer("max_distance_km", \.maxDistance, in: 1...500),
        .optionalString("place", \.place, expected: #"a place such as "Montreal, Quebec" (name, region, country)"#,
                        unset: "(from each photo's GPS)"),
        .timeZone("timezone", \.timezone),
        .clockOffset("clock_offset", \.clockOffset),
        .yearFallback("year_fallback", \.yearFallback),
    ])

    /// `[defaults.rename]`, `[album."X".rename]`.
    static let rename = ConfigSection<RenameSettings>(settings: [
        .template("template", \.template, known: RenameSettings.tokens, check: RenameSettings.templateProblem),
        .template("fallback", \.fallback, known: RenameSettings.tokens, check: RenameSettings.fallbackProblem),
        .strings("generic", \.generic.patterns, expected: #"a list of name prefixes such as ["IMG_", "DSCN", "Screenshot*"]"#,
                 check: GenericNames.patternProblem),
        .bool("keep_meaningful", \.keepMeaningful),
        // A slug of 16 still holds a short place and a number; 200 is the outbox's own cap.
        .integer("max_length", \.maxLength, in: 16...200),
    ])

    /// `[defaults.watermark]`, `[album."X".watermark]`.
    static let watermark = ConfigSection<WatermarkSettings>(settings: [
        // {counter} is the rename rule's; it has no value in a watermark.
        .template("template", \.template, known: PhotoTokens.known.filter { $0 != "counter" },
                  example: "{owner} © {year} {zodiac} {place}", emptyAllowed: true),
        .optionalString("owner", \.owner, expected: "the name printed as {owner}", unset: "(none: {owner} is left out)") { text in
            // A NUL would cut the text handed to Pango mid-markup; a newline breaks the one-line mark.
            text.unicodeScalars.contains { $0.properties.generalCategory == .control } ? "has a control character" : nil
        },
        .integer("year_offset", \.yearOffset, in: -100...100),
        .string("font", \.font, expected: #"a font family such as "DejaVu Sans""#, parse: { $0 }, show: TOMLReader.quoted),
        .readableFile("font_file", \.fontFile, expected: "a path to a font file (.ttf, .otf)", unset: "(installed fonts only)"),
        .choice("weight", \.weight),
        .number("size", \.size, in: 0.005...0.25, expected: "a fraction of the short edge"),
        .integer("min_size_px", \.minSizePx, in: 0...200),
        .choice("position", \.position),
        .number("margin", \.margin, in: 0...0.25, expected: "a fraction of the short edge"),
        .number("opacity", \.opacity, in: 0.05...1, expected: "an opacity"),
        .rgbColor("color", \.color),
        .choice("outline", \.outline),
        .rgbColor("outline_color", \.outlineColor),
        .choice("mode", \.mode),
        .number("angle", \.angle, in: -90...90, expected: "an angle in degrees"),
        .number("tile_opacity", \.tileOpacity, in: 0.05...1, expected: "an opacity"),
        .imageFile("logo", \.logo, unset: "(none)"),
        .number("logo_size", \.logoSize, in: 0.02...0.5, expected: "a fraction of the short edge"),
        .anchor("logo_position", \.logoPosition, besideName: "with-text"),
        .nameSet("variants", \.variants, expected: #"a list of outbox variants such as ["web", "1024"]"#,
                 unset: "(every output)"),
    ])

    /// `[defaults.derivatives]`, `[album."X".derivatives]`.
    static let derivatives = ConfigSection<DerivativesSettings>(settings: [
        .integers("sizes", \.sizes, in: 16...16384, expected: "a list of long edges in pixels such as [256, 512, 1024]"),
        .choices("formats", \.formats),
        .integer("webp_quality", \.webpQuality, in: 1...100),
        .integer("avif_quality", \.avifQuality, in: 1...100),
        .integer("jpeg_quality", \.jpegQuality, in: 1...100),
        .integer("webp_effort", \.webpEffort, in: 0...6, unset: "(measured default: 2)"),
        .integer("avif_effort", \.avifEffort, in: 0...9, unset: "(measured default: 3)"),
        .choice("metadata", \.metadata),
    ])

    /// `[defaults.deploy]`, `[album."X".deploy]`, with `cloudfront` nested.
    static let deploy = ConfigSection<DeploySettings>(
        settings: [
            .string("target", \.target, expected: #"an S3 target such as "s3://bucket/albums/{album}/{variant}/""#,
                    parse: { try DeployTarget(parsing: $0) }, show: { $0.map { TOMLReader.quoted($0.description) } ?? "(not set)" }),
            .url("endpoint", \.endpoint, unset: "(AWS S3 in region)"),
            .string("region", \.region, expected: #"a region name such as "eu-west-1""#, parse: DeploySettings.checkedRegion,
                    show: TOMLReader.quoted),
            .bool("path_style", \.pathStyle),
            .optionalString("profile", \.profile, expected: "a profile name from ~/.aws/credentials",
                            unset: "(AWS_ACCESS_KEY_ID, else AWS_PROFILE, else \"default\")"),
            .choice("names", \.names),
            .url("public_url", \.publicURL, unset: "(the endpoint's URL of each object)"),
            .stringTable("cache_control", \.cacheControl, expected: #"Cache-Control values by variant, such as { web = "public, max-age=86400" }"#),
            .string("manifest_cache_control", \.manifestCacheControl, expected: "a Cache-Control value", parse: { $0 },
                    show: TOMLReader.quoted),
            .integer("multipart_threshold_mib", \.multipartThresholdMiB, in: 5...5120),
            // S3 takes parts of 5 MiB to 5 GiB, at most 10,000 of them.
            .integer("part_size_mib", \.partSizeMiB, in: 5...512),
            .integer("retries", \.retries, in: 0...20),
            .duration("timeout", \.timeout, in: .seconds(5) ... .seconds(3600)),
        ],
        tables: [
            .init(name: "cloudfront", section: ConfigSection<CloudFrontSettings>(settings: [
                .optionalString("distribution_id", \.distributionID, expected: #"a CloudFront distribution ID such as "E2QWRUHAPOMQZL""#,
                                unset: "(no invalidation)") { id in
                    id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } ? nil : "has characters other than letters and digits"
                },
                .duration("window", \.window, in: .seconds(1) ... .seconds(86_400)),
                .url("endpoint", \.endpoint),
            ]).lifted(\.cloudFront)),
        ]
    )

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
            .names("rules", \.rules, noun: "rule"),
            .choice("after", \.after),
            .choice("duplicates", \.duplicates),
            styleNames,
            .metadataPolicies("metadata_by_variant", \.metadataByVariant),
        ] + arrival,
        tables: [
            .init(name: "metadata", section: metadata.lifted(\.metadata)),
            .init(name: "preprocess", section: preprocess.lifted(\.preprocess)),
            .init(name: "rename", section: rename.lifted(\.rename)),
            .init(name: "style", section: style.lifted(\.style)),
            .init(name: "derivatives", section: derivatives.lifted(\.derivatives)),
            .init(name: "watermark", section: watermark.lifted(\.watermark)),
            .init(name: "deploy", section: deploy.lifted(\.deploy)),
        ]
    )

    /// The file's top level. `album` is a table of patterns, decoded by the loader (file order matters).
    static let top = ConfigSection<ConfigDraft>(
        settings: [
            .path("root", \.root),
            .bool("create_root", \.createRoot),
            .path("state", \.state),
            .integer("workers", \.workers, in: 1...64, unset: "(number of cores)"),
            // Matched against each file and folder name, never a path: an empty list ignores nothing.
            .strings("ignore", \.ignored.patterns, expected: #"a list of file name patterns such as ["*.part", ".*"]"#) { pattern in
                pattern.contains("/") ? "contains '/'; patterns match one file or folder name, not a path" : nil
            },
            .duration("reconcile_interval", \.reconcileInterval, in: .seconds(10) ... .seconds(86_400)),
            .duration("shutdown_timeout", \.shutdownTimeout, in: .seconds(1) ... .seconds(3600)),
            .optionalDuration("backup_interval", \.backupInterval, in: .seconds(3600) ... .seconds(30 * 86_400), off: "off"),
            .integer("backups_kept", \.backupsKept, in: 1...365),
        ],
        tables: [.init(name: "defaults", section: album.lifted(\.defaults))],
        // The style registry's keys (`styles_file`, `[styles]`, `[generators]`) are read by `StyleLibrary`.
        reserved: ["album", "styles_file", "styles", "generators"]
    )

    /// A rule about several keys together, checked on settings once they are merged.
    struct Check: Sendable {
        /// The key blamed, relative to the album table (`preprocess.effort`).
        var key: String
        var problem: @Sendable (AlbumSettings) -> String?
    }

    static let checks: [Check] = [
        // What each listed rule needs of the rules before it (`RuleKind.needs`).
        Check(key: "rules") { settings in RuleKind.orderProblem(in: settings.rules) },
        Check(key: "preprocess.effort") { settings in
            // libvips: webpsave effort 0-6, heifsave (AVIF) effort 0-9; JPEG and PNG ignore it.
            guard settings.preprocess.format == .webp, let effort = settings.preprocess.effort, effort > 6 else { return nil }
            return "expected an integer from 0 to 6 for format \"webp\" (avif takes 0 to 9), found \(effort)"
        },
    ] + RuleKind.allCases.compactMap { kind in
        // The setting each listed rule cannot work without (`RuleKind.settingCheck`).
        kind.settingCheck.map { check in
            Check(key: check.key) { settings in settings.rules.contains(kind) ? check.problem(settings) : nil }
        }
    }

    /// Problems of merged album settings, each as (key relative to the album table, message).
    static func problems(in settings: AlbumSettings) -> [(key: String, message: String)] {
        checks.compactMap { check in check.problem(settings).map { (check.key, $0) } }
    }
}

extension AlbumSettings {
    /// Rule names `rules = [...]` accepts, in the order the pipeline would usually run them.
    public static let knownRules = RuleKind.allCases.map(\.rawValue)
}
