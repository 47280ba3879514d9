import Foundation
import Testing
@testable import HotFolders

/// `[defaults.rename]` and `[album."X".rename]`: templates checked against the known tokens at
/// load, with the file, the key and a suggestion, and the example file documenting every key.
@Suite struct RenameConfigTests {
    func load(_ toml: String) throws -> Configuration {
        try Configuration.decode(toml: "root = \"/srv/hf\"\n" + toml, source: ConfigTests.source,
                                 environment: ConfigTests.environment, currentDirectory: ConfigTests.cwd)
    }

    func failure(_ toml: String) -> String {
        errorText(or: "(no error)") { _ = try load(toml) }
    }

    @Test func everyKeyIsReadAndAlbumsOverrideIt() throws {
        let config = try load("""
            [defaults]
            rules = ["metadata", "preprocess", "rename"]

            [defaults.rename]
            template = "{date}_{place_slug}_{counter}"
            fallback = "{album}_{seq}"
            generic = ["ANN-", "Scan*"]
            keep_meaningful = false
            max_length = 40

            [album."Clients *".rename]
            template = "{album}_{{{seq}}}"
            """)
        var expected = RenameSettings()
        expected.template = try TextTemplate(parsing: "{date}_{place_slug}_{counter}")
        expected.fallback = try TextTemplate(parsing: "{album}_{seq}")
        expected.generic = GenericNames(patterns: ["ANN-", "Scan*"])
        expected.keepMeaningful = false
        expected.maxLength = 40
        #expect(config.defaults.rename == expected)
        #expect(config.settings(forAlbum: "Clients Smith").rename.template.tokens == ["album", "seq"])
        #expect(config.settings(forAlbum: "Clients Smith").rename.maxLength == 40)
        #expect(config.settings(forAlbum: "Trips").rename == expected)
        #expect(AlbumRules(settings: config.defaults).steps.map(\.name) == ["metadata", "preprocess", "rename"])
    }

    @Test func anUnknownTokenIsAnErrorWithASuggestion() {
        #expect(failure("[defaults.rename]\ntemplate = \"{plce}_{seq}\"")
                == "hotfolders.toml: defaults.rename.template: unknown token {plce} (did you mean {place}?)")
        #expect(failure("[album.\"Trips\".rename]\nfallback = \"{album}_{sequ}\"")
                == "hotfolders.toml: album.Trips.rename.fallback: unknown token {sequ} (did you mean {seq}?)")
        // Nothing close: the known ones are listed.
        let far = failure("[defaults.rename]\ntemplate = \"{weather}\"")
        #expect(far.hasPrefix("hotfolders.toml: defaults.rename.template: unknown token {weather} (known tokens: {place}, "), "\(far)")
        // The watermark's owner has no meaning in a file name.
        #expect(failure("[defaults.rename]\ntemplate = \"{owner}_{seq}\"").contains("unknown token {owner}"))
    }

    @Test func badTemplatesAreErrorsInPlainWords() {
        let unclosed = failure("[defaults.rename]\ntemplate = \"{place_slug_{seq}\"")
        #expect(unclosed.hasPrefix("hotfolders.toml: defaults.rename.template: an unclosed \"{\""), "\(unclosed)")
        #expect(failure("[defaults.rename]\ntemplate = \"\"").contains("expected a template of {tokens}"))
        #expect(failure("[defaults.rename]\ntemplate = \"{album}/{seq}\"").contains("contains a slash"))
        #expect(failure("[defaults.rename]\ntemplate = \".{seq}\"").contains("starts with a dot"))
        #expect(failure("[defaults.rename]\ntemplate = \"{seq}\\n\"").contains("control character"))
        let place = failure("[defaults.rename]\nfallback = \"{album}_{place}\"")
        #expect(place == "hotfolders.toml: defaults.rename.fallback: \"{album}_{place}\" {place} is never known here: "
                + "the fallback names photos without a place (use {album}, the date, {seq})", "\(place)")
    }

    @Test func otherKeysAreChecked() {
        #expect(failure("[defaults.rename]\ngeneric = [\"IMG/\"]").contains("contains '/'"))
        #expect(failure("[defaults.rename]\ngeneric = [\"*\"]").contains("keep_meaningful = false"))
        #expect(failure("[defaults.rename]\ngeneric = [\"A*B\"]").contains("only a trailing '*'"))
        #expect(failure("[defaults.rename]\nmax_length = 8").contains("expected an integer from 16 to 200, found 8"))
        #expect(failure("[defaults.rename]\nkeep_meaningful = \"yes\"").contains("expected true or false"))
        #expect(failure("[defaults.rename]\ntempalte = \"{seq}\"")
                == "hotfolders.toml: defaults.rename.tempalte: unknown key (did you mean 'template'?)")
        // Rename reads what metadata finds, so it comes after it.
        #expect(failure("[defaults]\nrules = [\"rename\", \"metadata\"]").contains("list \"metadata\" before \"rename\""))
    }

    @Test func theExampleDocumentsEveryRenameKeyWithItsDefault() throws {
        let example = ConfigTests.repository.appendingPathComponent("hotfolders.example")
        let text = try String(contentsOf: example, encoding: .utf8)
        let config = try Configuration.decode(toml: text, source: example, environment: ConfigTests.environment,
                                              currentDirectory: ConfigTests.cwd)
        #expect(config.defaults.rename == RenameSettings())
        #expect(text.contains("\n[defaults.rename]\n"))
        for key in ConfigSchema.rename.settings.map(\.name) {
            #expect(text.contains("\n\(key) = "), "\(key) is not documented in hotfolders.example")
        }
        // check-config shows the values as the file spells them.
        let shown = Dictionary(uniqueKeysWithValues: ConfigSchema.rename.values(of: RenameSettings()))
        #expect(shown["template"] == "\"{place_slug}_{seq}\"")
        #expect(shown["keep_meaningful"] == "true" && shown["max_length"] == "64")
    }
}
