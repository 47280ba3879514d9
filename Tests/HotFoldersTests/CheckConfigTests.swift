import Foundation
import Testing
@testable import HotFolders

/// `hotfolders check-config`: the report the library formats for a real inbox, and the command's
/// exit status and messages.
@Suite struct CheckConfigTests {
    func configuration(root: URL, _ toml: String) throws -> Configuration {
        try Configuration.decode(toml: "root = \(TOMLReader.quoted(root.path))\n" + toml,
                                 source: URL(fileURLWithPath: "/etc/hf/hotfolders.toml"),
                                 environment: ["HOME": "/home/ann"], currentDirectory: root)
    }

    @Test func reportShowsEveryAlbumFolderWithItsTables() throws {
        let dir = TemporaryDirectory("check")
        dir.folder("inbox", "Vacation 2024")
        dir.folder("inbox", "Clients Smith")
        dir.folder("inbox", ".sync")
        try Data().write(to: dir.path("inbox", "loose.jpg"))
        try FileManager.default.createSymbolicLink(at: dir.path("inbox", "elsewhere"), withDestinationURL: dir.folder("outside"))

        let config = try configuration(root: dir.url, """
            workers = 3
            [defaults]
            after = "keep"
            [album."Clients *"]
            duplicates = "process"
            [album."Clients *".preprocess]
            format = "jpeg"
            [album."Clients Smith".preprocess]
            quality = 75
            [album."Vacation 2024".preprocess]
            max_edge = 1024
            [album."Weddings *"]
            after = "delete"
            """)
        #expect(try config.albumFolders() == ["Clients Smith", "Vacation 2024"], "real folders only: no dotfiles, files or symlinks")

        let report = config.report()
        #expect(report.albums.map(\.name) == ["Clients Smith", "Vacation 2024"])
        #expect(report.albums.map(\.patterns) == [["Clients *", "Clients Smith"], ["Vacation 2024"]])
        #expect(report.unmatchedPatterns == ["Weddings *"])
        #expect(report.warnings == ["[album.\"Weddings *\"] matches no album folder in \(dir.url.path)/inbox/"])
        #expect(report.errors.isEmpty)

        let lines = report.lines
        let root = dir.url.standardizedFileURL.path
        #expect(Array(lines.prefix(4)) == [
            "config   /etc/hf/hotfolders.toml",
            "root     \(root)",
            "state    /home/ann/.local/state/hotfolders",
            "workers  3",
        ])
        let text = lines.joined(separator: "\n")
        #expect(text.contains("""
            [defaults]
              rules = ["metadata", "preprocess"]
              after = "keep"
              duplicates = "skip"
              metadata: geocoder = "offline", nominatim_url = "https://nominatim.openstreetmap.org", user_agent = "hotfolders/1.0 (photo hot-folder agent for Linux)", email = (not sent), language = "en", max_distance_km = 50, place = (from each photo's GPS), timezone = (not set), clock_offset = "+00:00", year_fallback = "none"
              preprocess: max_edge = 2048, multiple_of = 8, format = "webp", quality = 90, effort = (encoder default), metadata = "web", max_megapixels = 100
            """))
        #expect(text.contains("""
            "Clients Smith": [defaults] + [album."Clients *"] + [album."Clients Smith"]
              rules = ["metadata", "preprocess"]
              after = "keep"
              duplicates = "process"
              metadata: geocoder = "offline", nominatim_url = "https://nominatim.openstreetmap.org", user_agent = "hotfolders/1.0 (photo hot-folder agent for Linux)", email = (not sent), language = "en", max_distance_km = 50, place = (from each photo's GPS), timezone = (not set), clock_offset = "+00:00", year_fallback = "none"
              preprocess: max_edge = 2048, multiple_of = 8, format = "jpeg", quality = 75, effort = (encoder default), metadata = "web", max_megapixels = 100
            """))
        #expect(text.contains("""
            "Vacation 2024": [defaults] + [album."Vacation 2024"]
              rules = ["metadata", "preprocess"]
              after = "keep"
              duplicates = "skip"
              metadata: geocoder = "offline", nominatim_url = "https://nominatim.openstreetmap.org", user_agent = "hotfolders/1.0 (photo hot-folder agent for Linux)", email = (not sent), language = "en", max_distance_km = 50, place = (from each photo's GPS), timezone = (not set), clock_offset = "+00:00", year_fallback = "none"
              preprocess: max_edge = 1024, multiple_of = 8, format = "webp", quality = 90, effort = (encoder default), metadata = "web", max_megapixels = 100
            """))
    }

    @Test func summaryLinesFollowTheSettings() {
        var settings = AlbumSettings()
        settings.preprocess.effort = 4
        settings.preprocess.format = .avif
        #expect(settings.summaryLines == [
            "rules = [\"metadata\", \"preprocess\"]",
            "after = \"archive\"",
            "duplicates = \"skip\"",
            "metadata: geocoder = \"offline\", nominatim_url = \"https://nominatim.openstreetmap.org\", "
                + "user_agent = \"hotfolders/1.0 (photo hot-folder agent for Linux)\", email = (not sent), language = \"en\", "
                + "max_distance_km = 50, place = (from each photo's GPS), timezone = (not set), clock_offset = \"+00:00\", year_fallback = \"none\"",
            "preprocess: max_edge = 2048, multiple_of = 8, format = \"avif\", quality = 90, effort = 4, metadata = \"web\", max_megapixels = 100",
        ])
    }

    @Test func aMissingInboxIsANoteNotAnError() throws {
        let dir = TemporaryDirectory("check")
        let report = try configuration(root: dir.url, "[album.\"A\"]\nafter = \"keep\"\n").report()
        #expect(report.albums.isEmpty)
        #expect(report.errors.isEmpty)
        #expect(report.warnings == ["\(dir.url.path)/inbox/ does not exist yet; it is made on the first run"])
        #expect(report.lines.contains("No album folders in \(dir.url.path)/inbox/"))
    }

    @Test func globsThatCombineBadlyForAFolderInTheInboxAreAnErrorAtLoad() throws {
        let dir = TemporaryDirectory("check")
        dir.folder("inbox", "Slow web")
        let error = errorText(or: "loaded") {
            _ = try configuration(root: dir.url, """
                [album."Slow *".preprocess]
                format = "avif"
                effort = 8
                [album."* web".preprocess]
                format = "webp"
                """)
        }
        #expect(error == #"/etc/hf/hotfolders.toml: album."* web".preprocess.effort: expected an integer from 0 to 6 for format "webp" (avif takes 0 to 9), found 8 (album folder "Slow web" gets [defaults] + [album."Slow *"] + [album."* web"])"#)
    }

    /// Each table is fine over the defaults alone; the album gets both (the glob, then its own).
    @Test func aGlobAndAnExactTableThatCombineBadlyAreAnErrorEvenWithNoFolderYet() throws {
        let dir = TemporaryDirectory("check")
        let error = errorText(or: "loaded") {
            _ = try configuration(root: dir.url, """
                [album."Clients *".preprocess]
                format = "avif"
                effort = 8
                [album."Clients Smith".preprocess]
                format = "webp"
                """)
        }
        #expect(error.hasPrefix(#"/etc/hf/hotfolders.toml: album."Clients Smith".preprocess.effort: expected an integer from 0 to 6"#), "\(error)")
        #expect(error.hasSuffix(#"(album folder "Clients Smith" gets [defaults] + [album."Clients *"] + [album."Clients Smith"])"#), "\(error)")
    }

    @Test func anUnclosedGlobIsAnError() throws {
        let dir = TemporaryDirectory("check")
        let error = errorText(or: "loaded") { _ = try configuration(root: dir.url, "[album.\"[a-\"]\nafter = \"keep\"\n") }
        #expect(error.hasPrefix(#"/etc/hf/hotfolders.toml: album."[a-": an unclosed "[" at character 1 of the glob "[a-""#), "\(error)")
        // Closed sets, a "]" first in a set and an escaped "[" are globs as meant.
        for pattern in ["[a-z]*", "[]x]*", "[!a]?", #"\[draft"#] {
            #expect(AlbumOverride.globProblem(in: pattern) == nil, "\(pattern)")
        }
    }

    // MARK: The command

    /// The `hotfolders` executable built beside this test bundle.
    static let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("hotfolders")

    func run(_ arguments: [String], in folder: URL) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ["HOME": folder.path, "PATH": "/usr/bin:/bin"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test func commandExitsNonZeroWithTheMessageOnStderr() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "hotfolders is not built at \(Self.executable.path)")
        let dir = TemporaryDirectory("check")
        try "root = \"r\"\n[defaults.preprocess]\nmax_egde = 1024\n".write(to: dir.path("bad.toml"), atomically: false, encoding: .utf8)
        let bad = try run(["check-config", "--config", "bad.toml"], in: dir.url)
        #expect(bad.status == 78)
        #expect(bad.err == "Error: bad.toml: defaults.preprocess.max_egde: unknown key (did you mean 'max_edge'?)\n")
        #expect(bad.out.isEmpty)

        let missing = try run(["check-config"], in: dir.url)
        #expect(missing.status == 78)
        #expect(missing.err.contains("cp hotfolders.example ~/.config/hotfolders/hotfolders.toml"))

        dir.folder("r", "inbox", "Holidays")
        try "root = \"r\"\n[album.\"Nope\"]\nafter = \"keep\"\n".write(to: dir.path("good.toml"), atomically: false, encoding: .utf8)
        let good = try run(["check-config", "--config", "good.toml"], in: dir.url)
        #expect(good.status == 0)
        #expect(good.out.contains("\"Holidays\": [defaults]\n"))
        #expect(good.out.hasSuffix("The configuration is valid.\n"))
        #expect(good.err == "warning: [album.Nope] matches no album folder in \(dir.url.path)/r/inbox/\n")

        // What an album really gets is checked by every command that loads the config.
        try """
            root = "r"
            [album."Holi*".preprocess]
            format = "avif"
            effort = 8
            [album."Holidays".preprocess]
            format = "webp"
            """.write(to: dir.path("combined.toml"), atomically: false, encoding: .utf8)
        for command in ["check-config", "process"] {
            let combined = try run([command, "--config", "combined.toml"], in: dir.url)
            #expect(combined.status == 78, "\(command): \(combined.err)")
            #expect(combined.err.hasPrefix(#"Error: combined.toml: album.Holidays.preprocess.effort: expected an integer"#), "\(command): \(combined.err)")
        }

        // So is what each rule needs of the rules before it, for the album that lists them.
        try "root = \"r\"\n[album.\"Holidays\"]\nrules = [\"derivatives\", \"preprocess\"]\n"
            .write(to: dir.path("order.toml"), atomically: false, encoding: .utf8)
        for command in ["check-config", "process"] {
            let order = try run([command, "--config", "order.toml"], in: dir.url)
            #expect(order.status == 78, "\(command): \(order.err)")
            #expect(order.err == #"Error: order.toml: album.Holidays.rules: "derivatives" are cut from the preprocessed photo: list "preprocess" before "derivatives""# + "\n",
                    "\(command): \(order.err)")
        }

        let relative = try run(["check-config", "--config", "nowhere.toml"], in: dir.url)
        #expect(relative.err.hasPrefix("Error: nowhere.toml: no such file (looked for \(dir.url.path)/nowhere.toml)"))
    }
}
