import Foundation
import Testing
@testable import HotFolders

/// The keys `hotfolders run` adds to the config: durations (settle, poll_interval,
/// incomplete_wait, reconcile_interval, shutdown_timeout), the watch mode, and the ignore list;
/// how they are read, refused, merged per album and shown by check-config.
@Suite struct AgentConfigTests {
    static let cwd = URL(fileURLWithPath: "/work/here", isDirectory: true)
    static let source = URL(fileURLWithPath: "hotfolders.toml", relativeTo: cwd)

    func load(_ toml: String) throws -> Configuration {
        try Configuration.decode(toml: toml, source: Self.source, environment: ["HOME": "/home/ann"], currentDirectory: Self.cwd)
    }

    func failure(_ toml: String) -> String {
        errorText(or: "(no error)") { _ = try load(toml) }
    }

    // MARK: Values

    @Test func everyAgentKeyIsRead() throws {
        let config = try load("""
            root = "/srv/hf"
            ignore = ["*.xmp", ".*"]
            reconcile_interval = "1h"
            shutdown_timeout = 90

            [defaults]
            settle = "500ms"
            watch = "inotify"
            poll_interval = "1m30s"
            incomplete_wait = "0s"

            [album."NAS *"]
            watch = "poll"
            poll_interval = 5
            settle = 2.5
            """)
        #expect(config.ignored.patterns == ["*.xmp", ".*"])
        #expect(config.ignored.ignores("IMG_1.xmp") && config.ignored.ignores(".DS_Store"))
        #expect(!config.ignored.ignores("IMG_1.part"), "the list replaces the built-in one")
        #expect(config.reconcileInterval == .seconds(3600))
        #expect(config.shutdownTimeout == .seconds(90))
        #expect(config.defaults.settle == .milliseconds(500))
        #expect(config.defaults.watch == .inotify)
        #expect(config.defaults.pollInterval == .seconds(90))
        #expect(config.defaults.incompleteWait == .zero)

        let nas = config.settings(forAlbum: "NAS photos")
        #expect(nas.watch == .poll)
        #expect(nas.pollInterval == .seconds(5))
        #expect(nas.settle == .milliseconds(2500))
        #expect(nas.incompleteWait == .zero, "keys an album table does not set come from [defaults]")
        #expect(config.settings(forAlbum: "Trip").watch == .inotify)
    }

    @Test func absentKeysTakeTheDefaultsOfTheTypes() throws {
        let config = try load(#"root = "/srv/hf""#)
        let built = Configuration(root: URL(fileURLWithPath: "/srv/hf"), state: URL(fileURLWithPath: "/tmp"))
        #expect(config.ignored == built.ignored)
        #expect(config.ignored.patterns == IgnoredNames.defaultPatterns)
        #expect(config.reconcileInterval == built.reconcileInterval && config.reconcileInterval == .seconds(600))
        #expect(config.shutdownTimeout == built.shutdownTimeout && config.shutdownTimeout == .seconds(30))
        #expect(config.defaults.settle == .seconds(2))
        #expect(config.defaults.watch == .auto)
        #expect(config.defaults.pollInterval == .seconds(30))
        #expect(config.defaults.incompleteWait == .seconds(120))
    }

    @Test func anEmptyIgnoreListIgnoresNothing() throws {
        let config = try load("root = \"/r\"\nignore = []")
        #expect(config.ignored.patterns.isEmpty)
        #expect(!config.ignored.ignores(".hidden.jpg"))
    }

    // MARK: Durations

    @Test func durationsAreReadInEverySpelling() throws {
        let cases: [(String, Duration)] = [
            (#""2s""#, .seconds(2)), (#""500ms""#, .milliseconds(500)), (#""10m""#, .seconds(600)),
            (#""1h""#, .seconds(3600)), (#""1m30s""#, .seconds(90)), (#""2m 3s""#, .seconds(123)),
            (#""1.5s""#, .milliseconds(1500)), (#""0.25h""#, .seconds(900)), ("45", .seconds(45)), ("0.2", .milliseconds(200)),
        ]
        for (text, expected) in cases {
            let config = try load("root = \"/r\"\n[defaults]\nsettle = \(text)")
            #expect(config.defaults.settle == expected, "settle = \(text)")
        }
    }

    @Test func durationsAreShownInTheShortestSpelling() {
        #expect(ConfigDuration.text(.seconds(2)) == "2s")
        #expect(ConfigDuration.text(.milliseconds(500)) == "500ms")
        #expect(ConfigDuration.text(.seconds(600)) == "10m")
        #expect(ConfigDuration.text(.seconds(3600)) == "1h")
        #expect(ConfigDuration.text(.seconds(90)) == "1m30s")
        #expect(ConfigDuration.text(.milliseconds(3_723_004)) == "1h2m3s4ms")
        #expect(ConfigDuration.text(.zero) == "0s")
        for text in ["2s", "500ms", "1m30s", "1h2m3s4ms", "0s"] {
            #expect(ConfigDuration.parse(text).map(ConfigDuration.text) == text, "round trip of \(text)")
        }
    }

    @Test func wrongDurationsSayWhatWasExpectedWithASuggestion() {
        func settle(_ value: String) -> String { failure("root = \"/r\"\n[defaults]\nsettle = \(value)") }
        let expected = #"expected a duration such as "2s", "500ms", "10m" or "1m30s" (or a number of seconds)"#
        #expect(settle(#""2 minutes""#) == #"hotfolders.toml: defaults.settle: \#(expected), found "2 minutes" (did you mean "2m"?)"#)
        #expect(settle(#""30""#) == #"hotfolders.toml: defaults.settle: \#(expected), found "30" (did you mean "30s"?)"#)
        #expect(settle(#""5 sec""#).hasSuffix(#"found "5 sec" (did you mean "5s"?)"#))
        #expect(settle(#""fast""#) == #"hotfolders.toml: defaults.settle: \#(expected), found "fast""#)
        #expect(settle(#""2x""#) == #"hotfolders.toml: defaults.settle: \#(expected), found "2x""#)
        #expect(settle(#""""#) == #"hotfolders.toml: defaults.settle: \#(expected), found """#)
        #expect(settle("true") == "hotfolders.toml: defaults.settle: \(expected), found true")
        #expect(settle("[2]") == "hotfolders.toml: defaults.settle: \(expected), found [2]")
        #expect(failure("root = \"/r\"\nshutdown_timeout = \"2h\"")
            == #"hotfolders.toml: shutdown_timeout: expected a duration from 1s to 1h, found "2h""#)
        #expect(failure("root = \"/r\"\nshutdown_timeout = \"1d\"").hasSuffix(#"found "1d" (did you mean "24h"?)"#))
        #expect(failure("root = \"/r\"\nreconcile_interval = \"2 days\"").hasSuffix(#"found "2 days" (did you mean "48h"?)"#))
    }

    @Test func negativeZeroAndHugeDurationsAreRefusedWhereTheyMakeNoSense() {
        func defaults(_ line: String) -> String { failure("root = \"/r\"\n[defaults]\n\(line)") }
        #expect(defaults("settle = 0") == "hotfolders.toml: defaults.settle: expected a duration from 100ms to 1h, found 0")
        #expect(defaults(#"settle = "0s""#) == #"hotfolders.toml: defaults.settle: expected a duration from 100ms to 1h, found "0s""#)
        #expect(defaults("settle = -2") == "hotfolders.toml: defaults.settle: expected a duration from 100ms to 1h, found -2")
        #expect(defaults(#"settle = "-2s""#).contains(#"found "-2s""#))
        #expect(defaults(#"settle = "2h""#).hasSuffix("expected a duration from 100ms to 1h, found \"2h\""))
        #expect(defaults("poll_interval = 0") == "hotfolders.toml: defaults.poll_interval: expected a duration from 1s to 24h, found 0")
        #expect(defaults("poll_interval = 1e300").hasSuffix("found 1e+300"))
        #expect(defaults("incomplete_wait = -1") == "hotfolders.toml: defaults.incomplete_wait: expected a duration from 0s to 24h, found -1")
        #expect(failure("root = \"/r\"\nreconcile_interval = \"5s\"")
            == #"hotfolders.toml: reconcile_interval: expected a duration from 10s to 24h, found "5s""#)
        #expect(failure("root = \"/r\"\nshutdown_timeout = 0") == "hotfolders.toml: shutdown_timeout: expected a duration from 1s to 1h, found 0")
        #expect(failure("root = \"/r\"\n[album.\"NAS\"]\npoll_interval = \"100ms\"")
            == #"hotfolders.toml: album.NAS.poll_interval: expected a duration from 1s to 24h, found "100ms""#)
    }

    // MARK: Other errors

    @Test func watchModesAndIgnorePatternsAreChecked() {
        #expect(failure("root = \"/r\"\n[defaults]\nwatch = \"inotfy\"")
            == #"hotfolders.toml: defaults.watch: expected one of "auto", "inotify", "poll", found "inotfy" (did you mean "inotify"?)"#)
        #expect(failure("root = \"/r\"\nignore = \"*.part\"")
            == #"hotfolders.toml: ignore: expected a list of file name patterns such as ["*.part", ".*"], found "*.part""#)
        #expect(failure("root = \"/r\"\nignore = [\"*.part\", 3]")
            == #"hotfolders.toml: ignore: expected a list of file name patterns such as ["*.part", ".*"], found ["*.part", 3]"#)
        #expect(failure("root = \"/r\"\nignore = [\"tmp/*\"]")
            == #"hotfolders.toml: ignore: "tmp/*" contains '/'; patterns match one file or folder name, not a path; expected a list of file name patterns such as ["*.part", ".*"]"#)
        #expect(failure("root = \"/r\"\nignored = []") == "hotfolders.toml: ignored: unknown key (did you mean 'ignore'?)")
        #expect(failure("root = \"/r\"\n[defaults]\nsettel = \"2s\"") == "hotfolders.toml: defaults.settel: unknown key (did you mean 'settle'?)")
        #expect(failure("root = \"/r\"\n[defaults]\npoll_intervall = 5").hasSuffix("unknown key (did you mean 'poll_interval'?)"))
        let perAlbum = failure("root = \"/r\"\n[album.\"A\"]\nshutdown_timeout = 5")
        #expect(perAlbum.hasPrefix("hotfolders.toml: album.A.shutdown_timeout: unknown key (valid keys here: "),
                "the agent's own keys live at the top, not per album")
        #expect(perAlbum.contains("settle") && !perAlbum.contains("shutdown_timeout,"))
    }

    // MARK: check-config

    @Test func checkConfigShowsTheAgentKeys() throws {
        let dir = TemporaryDirectory("agent-config")
        dir.folder("inbox", "NAS share")
        let config = try Configuration.decode(toml: """
            root = \(TOMLReader.quoted(dir.url.path))
            ignore = ["*.xmp"]
            shutdown_timeout = "1m"
            [defaults]
            settle = "1.5s"
            [album."NAS *"]
            watch = "poll"
            poll_interval = "2m"
            """, source: URL(fileURLWithPath: "/etc/hf/hotfolders.toml"), environment: ["HOME": "/home/ann"],
            currentDirectory: dir.url)
        let text = config.report().lines.joined(separator: "\n")
        #expect(text.contains("""
            workers  \(config.workers)
            ignore = ["*.xmp"]
            reconcile_interval = "10m"
            shutdown_timeout = "1m"
            backup_interval = "24h"
            backups_kept = 7

            [defaults]
            """))
        #expect(text.contains("""
              metadata: geocoder = "offline", nominatim_url = "https://nominatim.openstreetmap.org", user_agent = "hotfolders/1.0 (photo hot-folder agent for Linux)", email = (not sent), language = "en", max_distance_km = 50, place = (from each photo's GPS), timezone = (not set), clock_offset = "+00:00", year_fallback = "none"
              preprocess: max_edge = 2048, multiple_of = 8, format = "webp", quality = 90, effort = (encoder default), metadata = "web", max_megapixels = 100
              settle = "1s500ms"
              watch = "auto"
              poll_interval = "30s"
              incomplete_wait = "2m"

            Album folders in
            """))
        #expect(text.hasSuffix("""
            "NAS share": [defaults] + [album."NAS *"]
              rules = ["metadata", "preprocess"]
              after = "archive"
              duplicates = "skip"
              metadata: geocoder = "offline", nominatim_url = "https://nominatim.openstreetmap.org", user_agent = "hotfolders/1.0 (photo hot-folder agent for Linux)", email = (not sent), language = "en", max_distance_km = 50, place = (from each photo's GPS), timezone = (not set), clock_offset = "+00:00", year_fallback = "none"
              preprocess: max_edge = 2048, multiple_of = 8, format = "webp", quality = 90, effort = (encoder default), metadata = "web", max_megapixels = 100
              settle = "1s500ms"
              watch = "poll"
              poll_interval = "2m"
              incomplete_wait = "2m"
            """))
        // What check-config shows reads back as the same value.
        let shown = try load("root = \"/r\"\n[defaults]\nsettle = \"1s500ms\"")
        #expect(shown.defaults.settle == .milliseconds(1500))
    }

    @Test func theExampleDocumentsTheBuiltInIgnoreList() throws {
        let example = ConfigTests.repository.appendingPathComponent("hotfolders.example")
        let text = try String(contentsOf: example, encoding: .utf8)
        let line = "# ignore = [" + IgnoredNames.defaultPatterns.map(TOMLReader.quoted).joined(separator: ", ") + "]"
        #expect(text.contains("\n" + line + "\n"), "the example shows the built-in list to copy and extend")
        // Uncommented, the documented list loads as the built-in one.
        let config = try load("root = \"/r\"\n" + line.dropFirst(2))
        #expect(config.ignored == IgnoredNames())
        let agentKeys = ["ignore", "reconcile_interval", "shutdown_timeout", "settle", "watch", "poll_interval", "incomplete_wait"]
        for key in agentKeys {
            #expect(text.contains("\n\(key) = ") || text.contains("\n# \(key) = "), "\(key) is documented in hotfolders.example")
        }
    }
}
