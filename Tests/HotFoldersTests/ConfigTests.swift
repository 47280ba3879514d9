import Foundation
import Testing
@testable import HotFolders

/// Loading and validating the config file: values, defaults, album precedence, every kind of
/// error message, path expansion, and the example file at the repository root.
@Suite struct ConfigTests {
    static let environment = ["HOME": "/home/ann", "PHOTOS": "/srv/photos"]
    static let cwd = URL(fileURLWithPath: "/work/here", isDirectory: true)
    static let source = URL(fileURLWithPath: "hotfolders.toml", relativeTo: cwd)

    func load(_ toml: String, environment: [String: String] = environment) throws -> Configuration {
        try Configuration.decode(toml: toml, source: Self.source, environment: environment, currentDirectory: Self.cwd)
    }

    /// The whole message of the error a config gives.
    func failure(_ toml: String, environment: [String: String] = environment) -> String {
        errorText(or: "(no error)") { _ = try load(toml, environment: environment) }
    }

    // MARK: Values

    @Test func everyKeyIsRead() throws {
        let config = try load("""
            root = "/srv/hf"
            state = "/var/lib/hf"
            workers = 3

            [defaults]
            rules = ["preprocess"]
            after = "keep"
            duplicates = "process"

            [defaults.preprocess]
            max_edge = 1600
            multiple_of = 16
            format = "avif"
            quality = 70
            effort = 9
            metadata = "keep"
            max_megapixels = 250
            """)
        #expect(config.root.path == "/srv/hf")
        #expect(config.state.path == "/var/lib/hf")
        #expect(config.workers == 3)
        #expect(config.source == Self.source)
        let defaults = config.defaults
        #expect(defaults.rules == [.preprocess])
        #expect(defaults.after == .keep)
        #expect(defaults.duplicates == .process)
        #expect(defaults.preprocess.maxEdge == 1600)
        #expect(defaults.preprocess.multipleOf == 16)
        #expect(defaults.preprocess.format == .avif)
        #expect(defaults.preprocess.quality == 70)
        #expect(defaults.preprocess.effort == 9)
        #expect(defaults.preprocess.metadata == .keep)
        #expect(defaults.preprocess.maxMegapixels == 250)
        #expect(config.albums.isEmpty)
    }

    @Test func absentKeysTakeTheirDefaults() throws {
        let config = try load(#"root = "/srv/hf""#)
        #expect(config.defaults == AlbumSettings())
        #expect(config.state.path == "/home/ann/.local/state/hotfolders")
        #expect(config.workers == min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 64))

        let partial = try load("""
            root = "/srv/hf"
            [defaults.preprocess]
            quality = 75
            """)
        var expected = AlbumSettings()
        expected.preprocess.quality = 75
        #expect(partial.defaults == expected)
    }

    @Test func stateAndConfigFollowXDG() throws {
        let xdg = ["HOME": "/home/ann", "XDG_STATE_HOME": "/xdg/state", "XDG_CONFIG_HOME": "/xdg/config"]
        #expect(try load(#"root = "/r""#, environment: xdg).state.path == "/xdg/state/hotfolders")
        #expect(Configuration.defaultLocation(environment: xdg).path == "/xdg/config/hotfolders/hotfolders.toml")
        #expect(Configuration.defaultLocation(environment: ["HOME": "/home/ann"]).path
            == "/home/ann/.config/hotfolders/hotfolders.toml")
        // The XDG spec says relative values are to be ignored.
        let relative = ["HOME": "/home/ann", "XDG_STATE_HOME": "rel", "XDG_CONFIG_HOME": "rel"]
        #expect(try load(#"root = "/r""#, environment: relative).state.path == "/home/ann/.local/state/hotfolders")
        #expect(Configuration.defaultLocation(environment: relative).path == "/home/ann/.config/hotfolders/hotfolders.toml")
    }

    // MARK: Albums

    @Test func exactNameWinsOverGlobsAndTablesCompose() throws {
        let config = try load("""
            root = "/r"
            [album."Clients *"]
            after = "keep"
            [album."Clients *".preprocess]
            max_edge = 800
            quality = 70

            [album."Clients Smith".preprocess]
            max_edge = 1200
            """)
        let smith = config.settings(forAlbum: "Clients Smith")
        #expect(smith.preprocess.maxEdge == 1200, "the exact table wins for the key both set")
        #expect(smith.preprocess.quality == 70, "the glob's other keys still apply")
        #expect(smith.after == .keep)
        #expect(smith.duplicates == .skip, "keys nobody set keep the default")

        let jones = config.settings(forAlbum: "Clients Jones")
        #expect(jones.preprocess.maxEdge == 800)
        #expect(config.settings(forAlbum: "Holidays") == config.defaults)
        #expect(config.patterns(forAlbum: "Clients Smith") == ["Clients *", "Clients Smith"])
        #expect(config.patterns(forAlbum: "Holidays").isEmpty)
    }

    @Test func exactTableWinsEvenWhenWrittenBeforeTheGlob() throws {
        let config = try load("""
            root = "/r"
            [album."Weddings 2024"]
            after = "delete"
            [album."Weddings *"]
            after = "keep"
            """)
        #expect(config.settings(forAlbum: "Weddings 2024").after == .delete)
        #expect(config.settings(forAlbum: "Weddings 2023").after == .keep)
    }

    @Test func globsApplyInFileOrderNotAlphabetically() throws {
        // TOMLKit returns keys sorted ("*" before "Zoo *"); the file says "Zoo *" first.
        let config = try load("""
            root = "/r"
            [album."Zoo *".preprocess]
            max_edge = 100
            [album."*".preprocess]
            max_edge = 200
            [album."Zoo *"]
            after = "keep"
            """)
        #expect(config.albums.map(\.pattern) == ["Zoo *", "*"])
        #expect(config.settings(forAlbum: "Zoo animals").preprocess.maxEdge == 200)
        #expect(config.settings(forAlbum: "Zoo animals").after == .keep)

        let reversed = try load("""
            root = "/r"
            [album."*".preprocess]
            max_edge = 200
            [album."Zoo *".preprocess]
            max_edge = 100
            """)
        #expect(reversed.settings(forAlbum: "Zoo animals").preprocess.maxEdge == 100)
    }

    @Test func albumOrderIsReadFromEveryWayOfWritingTheTables() {
        let text = """
            # [album."Commented"] is not a table
            album."Dotted".after = "keep"
            [album]
            'Literal'.after = "keep"
            "Quoted \\u00e9".after = "keep"
            [album.Bare.preprocess]
            [album."Esc\\"aped"]
            [[not.album]]
            """
        #expect(AlbumTableOrder.patterns(in: text) == ["Dotted", "Literal", "Quoted é", "Bare", "Esc\"aped"])
    }

    @Test func overrideTablesAreValidatedAtLoad() {
        #expect(failure("""
            root = "/r"
            [album."Vacation 2024".preprocess]
            qualty = 80
            """) == "hotfolders.toml: album.\"Vacation 2024\".preprocess.qualty: unknown key (did you mean 'quality'?)")
        #expect(failure("""
            root = "/r"
            [album]
            "Clients *" = 3
            """) == "hotfolders.toml: album.\"Clients *\": expected a table of album settings ([album.\"Clients *\"]), found 3")
        #expect(failure("""
            root = "/r"
            [album."a/b"]
            after = "keep"
            """).contains("album.\"a/b\": expected an album folder name or a glob"))
        #expect(failure("""
            root = "/r"
            album = "all"
            """).contains("hotfolders.toml: album: expected tables such as [album.\"Vacation 2024\"], found \"all\""))
    }

    // MARK: Errors

    @Test func unknownKeysAreNamedWithASuggestion() {
        #expect(failure("""
            root = "/r"
            [defaults.preprocess]
            max_egde = 1024
            """) == "hotfolders.toml: defaults.preprocess.max_egde: unknown key (did you mean 'max_edge'?)")
        #expect(failure("""
            root = "/r"
            wokers = 2
            """) == "hotfolders.toml: wokers: unknown key (did you mean 'workers'?)")
        #expect(failure("""
            root = "/r"
            [defualts]
            after = "keep"
            """) == "hotfolders.toml: defualts: unknown key (did you mean 'defaults'?)")
        #expect(failure("""
            root = "/r"
            [defaults]
            colour = "red"
            """).hasPrefix("hotfolders.toml: defaults.colour: unknown key (valid keys here: after, "))
        // With no close match, every valid key of that table is listed (each rule adds its own).
        #expect(failure("root = \"/r\"\n[defaults]\ncolour = \"red\"").contains("preprocess"))
    }

    @Test func wrongTypesAndRangesSayWhatWasExpectedAndFound() {
        func preprocess(_ line: String) -> String {
            failure("root = \"/r\"\n[defaults.preprocess]\n\(line)\n")
        }
        #expect(preprocess(#"quality = "high""#)
            == #"hotfolders.toml: defaults.preprocess.quality: expected an integer from 1 to 100, found "high""#)
        #expect(preprocess("quality = 150")
            == "hotfolders.toml: defaults.preprocess.quality: expected an integer from 1 to 100, found 150")
        #expect(preprocess("quality = 90.5")
            == "hotfolders.toml: defaults.preprocess.quality: expected an integer from 1 to 100, found 90.5")
        #expect(preprocess("max_edge = 8")
            == "hotfolders.toml: defaults.preprocess.max_edge: expected an integer from 16 to 65535, found 8")
        #expect(preprocess("multiple_of = 0").hasSuffix("multiple_of: expected an integer from 1 to 64, found 0"))
        #expect(preprocess("max_megapixels = 1001").hasSuffix("expected an integer from 1 to 1000, found 1001"))
        #expect(preprocess("effort = -1").hasSuffix("effort: expected an integer from 0 to 9, found -1"))
        #expect(failure("root = \"/r\"\nworkers = 0")
            == "hotfolders.toml: workers: expected an integer from 1 to 64, found 0")
        #expect(failure("root = \"/r\"\nworkers = [2]")
            == "hotfolders.toml: workers: expected an integer from 1 to 64, found [2]")
        #expect(failure("root = 5") == "hotfolders.toml: root: expected a path (a string), found 5")
        #expect(failure("root = \"/r\"\n[defaults]\npreprocess = 3")
            == "hotfolders.toml: defaults.preprocess: expected a table ([defaults.preprocess]), found 3")
        #expect(failure("root = \"/r\"\n[defaults.preprocess.max_edge]")
            == "hotfolders.toml: defaults.preprocess.max_edge: expected an integer from 16 to 65535, found a table")
    }

    @Test func unknownChoicesListTheAllowedOnes() {
        #expect(failure("root = \"/r\"\n[defaults]\nafter = \"archiv\"")
            == #"hotfolders.toml: defaults.after: expected one of "archive", "delete", "keep", found "archiv" (did you mean "archive"?)"#)
        #expect(failure("root = \"/r\"\n[defaults.preprocess]\nformat = \"gif\"")
            == #"hotfolders.toml: defaults.preprocess.format: expected one of "webp", "jpeg", "avif", "png", found "gif""#)
        #expect(failure("root = \"/r\"\n[defaults.preprocess]\nformat = \"WebP\"").hasSuffix(#"(did you mean "webp"?)"#))
        #expect(failure("root = \"/r\"\n[defaults]\nduplicates = true")
            == #"hotfolders.toml: defaults.duplicates: expected one of "skip", "process", found true"#)
        #expect(failure("root = \"/r\"\n[defaults.preprocess]\nmetadata = \"all\"")
            == #"hotfolders.toml: defaults.preprocess.metadata: expected one of "strip", "web", "keep", found "all""#)
    }

    @Test func rulesMustBeKnownListedOnceAndInAList() {
        func rules(_ value: String) -> String { failure("root = \"/r\"\n[defaults]\nrules = \(value)") }
        // Every rule name the pipeline knows, in its usual order.
        let known = AlbumSettings.knownRules.map { "\"\($0)\"" }.joined(separator: ", ")
        #expect(AlbumSettings.knownRules.prefix(2) == ["metadata", "preprocess"])
        #expect(rules(#"["prepocess"]"#)
            == #"hotfolders.toml: defaults.rules: unknown rule "prepocess" (did you mean "preprocess"?); expected rule names from "#
            + known)
        #expect(rules(#"["preprocess", "preprocess"]"#).hasSuffix(#"rule "preprocess" is listed twice; each runs once, in the order listed"#))
        #expect(rules(#""preprocess""#)
            == #"hotfolders.toml: defaults.rules: expected a list of rule names from "# + known
            + #", in the order they run, found "preprocess""#)
        #expect(rules("[]").hasSuffix("in the order they run, found an empty list"))
    }

    /// Each rule's needs (`RuleKind.needs`, `settingCheck`) are checked on the album that lists
    /// it, and the error names the album's table and the rule; a list that meets them loads.
    @Test func aRuleListThatCannotWorkIsAnErrorNamingTheAlbumAndTheRule() {
        func album(_ rules: String, _ extra: String = "") -> String {
            failure("root = \"/r\"\n[album.\"Trip\"]\nrules = [\(rules)]\n" + extra)
        }
        let cases: [(rules: String, key: String, message: String)] = [
            (#""style""#, "rules", #""style" works on the preprocessed photo: put "preprocess" before it"#),
            (#""style", "preprocess""#, "rules", #""style" works on the preprocessed photo: put "preprocess" before it"#),
            (#""derivatives""#, "rules", #""derivatives" are cut from the preprocessed photo: list "preprocess" before "derivatives""#),
            (#""preprocess", "rename", "metadata""#, "rules",
             #""rename" uses the place and capture time the metadata rule finds: list "metadata" before "rename""#),
            (#""preprocess", "watermark", "metadata""#, "rules",
             #""watermark" uses the place and capture time the metadata rule finds: list "metadata" before "watermark""#),
            (#""watermark", "preprocess""#, "rules", #"list "watermark" after "preprocess": it marks the outputs made before it"#),
            (#""preprocess", "watermark", "style""#, "rules", #"list "watermark" after "style" so a generated style does not smear the mark"#),
            (#""preprocess", "watermark", "derivatives""#, "rules",
             #"list "watermark" after "derivatives" so every size is marked at its own size"#),
            (#""preprocess", "deploy""#, "deploy.target",
             #"required when rules include "deploy": where to publish, such as "s3://bucket/albums/{album}/{variant}/""#),
        ]
        for (rules, key, message) in cases {
            #expect(album(rules) == "hotfolders.toml: album.Trip.\(key): \(message)", "rules = [\(rules)]")
        }
        // Metadata, rename and deploy need nothing before them but what is listed; deploy may stand anywhere.
        #expect(album(#""deploy", "preprocess", "rename", "metadata""#, "[album.\"Trip\".deploy]\ntarget = \"s3://b/{album}/{variant}/\"")
            .hasSuffix(#"list "metadata" before "rename""#))
        #expect(album(#""deploy", "rename", "preprocess", "style", "derivatives", "watermark""#,
                      "[album.\"Trip\".deploy]\ntarget = \"s3://b/{album}/{variant}/\"") == "(no error)")
    }

    @Test func effortIsCheckedAgainstTheFormat() throws {
        #expect(failure("root = \"/r\"\n[defaults.preprocess]\neffort = 8")
            == #"hotfolders.toml: defaults.preprocess.effort: expected an integer from 0 to 6 for format "webp" (avif takes 0 to 9), found 8"#)
        let avif = try load("root = \"/r\"\n[defaults.preprocess]\nformat = \"avif\"\neffort = 8")
        #expect(avif.defaults.preprocess.effort == 8)
        #expect(failure("""
            root = "/r"
            [defaults.preprocess]
            format = "avif"
            effort = 8
            [album."Web".preprocess]
            format = "webp"
            """).hasPrefix("hotfolders.toml: album.Web.preprocess.effort: expected an integer from 0 to 6"))
    }

    @Test func syntaxErrorsKeepTOMLKitsMessageWithLineAndColumn() {
        let message = failure("root = \"/r\"\nworkers = \n")
        #expect(message.hasPrefix("hotfolders.toml: TOML syntax error at line 2, column "))
        #expect(message.contains("expected value"), "TOMLKit's own words: \(message)")
        #expect(failure("root = \"/r\"\nroot = \"/s\"\n").contains("line 2"))
    }

    @Test func missingRootIsAnError() {
        #expect(failure("workers = 2").hasPrefix("hotfolders.toml: root: missing; expected the path of the folder"))
    }

    @Test func missingFileSaysWhereItLookedAndHowToStart() throws {
        let dir = TemporaryDirectory("config")
        let url = dir.path("nowhere", "hotfolders.toml")
        let error = #expect(throws: ConfigError.self) { try Configuration.load(from: url, environment: Self.environment) }
        #expect(error?.keyPath == nil)
        #expect(error?.description.hasPrefix("\(url.path): no such file. To start from the example: ") == true)
        #expect(error?.description.contains("cp hotfolders.example \(url.path)") == true)

        let home = Configuration.defaultLocation(environment: ["HOME": dir.url.path])
        let atHome = #expect(throws: ConfigError.self) { try Configuration.load(from: home, environment: ["HOME": dir.url.path]) }
        #expect(atHome?.message.contains("mkdir -p ~/.config/hotfolders && cp hotfolders.example ~/.config/hotfolders/hotfolders.toml") == true)

        let folder = #expect(throws: ConfigError.self) { try Configuration.load(from: dir.url, environment: Self.environment) }
        #expect(folder?.message.hasPrefix("is a folder") == true)
    }

    // MARK: Paths

    @Test func tildeAndVariablesExpand() throws {
        let config = try load("""
            root = "~/Pictures/hot folders"
            state = "${PHOTOS}/state-${PHOTOS}"
            """)
        #expect(config.root.path == "/home/ann/Pictures/hot folders")
        #expect(config.state.path == "/srv/photos/state-/srv/photos")
        #expect(try load(#"root = "~""#).root.path == "/home/ann")
        #expect(try load(#"root = "/a/$notbraced""#).root.path == "/a/$notbraced")
        #expect(try load(#"root = "~root/x""#).root.path == "/root/x")
    }

    @Test func unsetVariablesAreErrorsThatNameThem() {
        #expect(failure(#"root = "${NOPE_NOT_SET}/photos""#)
            == #"hotfolders.toml: root: ${NOPE_NOT_SET} is not set in the environment (used in "${NOPE_NOT_SET}/photos")"#)
        #expect(failure(#"root = "/r""# + "\n" + #"state = "${HALF""#).contains("state: \"${HALF\" has a '${' without its closing '}'"))
        #expect(failure(#"root = """#) == #"hotfolders.toml: root: expected a path (a string), found """#)
    }

    @Test func relativePathsResolveAgainstTheCurrentDirectory() throws {
        let config = try load("""
            root = "photos/../hot"
            state = "./state"
            """)
        #expect(config.root.path == "/work/here/hot")
        #expect(config.state.path == "/work/here/state")

        // load(from:) without a directory uses the process's own.
        let dir = TemporaryDirectory("config")
        let file = dir.path("hf.toml")
        try #"root = "rel/root""#.write(to: file, atomically: false, encoding: .utf8)
        let loaded = try Configuration.load(from: file, environment: Self.environment)
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        #expect(loaded.root.path == cwd.appendingPathComponent("rel/root").standardizedFileURL.path)
    }

    @Test func messagesNameTheFileAsGiven() throws {
        let dir = TemporaryDirectory("config")
        let file = dir.path("mine.toml")
        try "root = \"/r\"\n[defaults]\nafter = 1\n".write(to: file, atomically: false, encoding: .utf8)
        let error = #expect(throws: ConfigError.self) { try Configuration.load(from: file, environment: Self.environment) }
        #expect(error?.file == file.path)
        #expect(error?.keyPath == "defaults.after")
    }

    // MARK: Suggestions

    @Test func suggestionsFindTyposButNotStrangers() {
        #expect(KeySuggestion.distance("max_egde", "max_edge") == 1)
        #expect(KeySuggestion.distance("", "abc") == 3)
        #expect(KeySuggestion.closest(to: "maxedge", among: ["max_edge", "quality"]) == "max_edge")
        #expect(KeySuggestion.closest(to: "edge", among: ["max_edge", "quality"]) == "max_edge")
        #expect(KeySuggestion.closest(to: "Quality", among: ["max_edge", "quality"]) == "quality")
        #expect(KeySuggestion.closest(to: "colour", among: ["max_edge", "quality"]) == nil)
    }

    // MARK: The example file

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theExampleIsValidAndHoldsTheDocumentedDefaults() throws {
        let example = Self.repository.appendingPathComponent("hotfolders.example")
        let cwd = URL(fileURLWithPath: "/work/checkout", isDirectory: true)
        let text = try String(contentsOf: example, encoding: .utf8)
        let config = try Configuration.decode(toml: text, source: example, environment: Self.environment, currentDirectory: cwd)
        #expect(config.root.path == "/work/checkout/example")
        #expect(config.state.path == "/work/checkout/example/state")
        #expect(config.workers == Configuration.defaultWorkers)
        #expect(config.defaults == AlbumSettings(), "the example's [defaults] are the built-in defaults")

        #expect(config.albums.map(\.pattern) == ["Vacation 2024", "Sample"])
        var vacation = AlbumSettings()
        vacation.preprocess.maxEdge = 1024
        #expect(config.settings(forAlbum: "Vacation 2024") == vacation)
        // The album `make run` fills: every rule that needs no server.
        let sample = config.settings(forAlbum: "Sample")
        #expect(sample.rules == [.metadata, .preprocess, .rename, .style, .derivatives, .watermark])
        #expect(sample.watermark.owner == "Sample Owner" && sample.style.names == ["sepia"])

        // Every key the schema knows is documented in the example, as a setting or a comment.
        let keys = ConfigSchema.top.settings.map(\.name) + ConfigSchema.album.settings.map(\.name)
            + ConfigSchema.preprocess.settings.map(\.name) + ConfigSchema.metadata.settings.map(\.name)
        for key in keys {
            #expect(text.contains("\n\(key) = ") || text.contains("\n# \(key) = "), "\(key) is not documented in hotfolders.example")
        }
    }
}
