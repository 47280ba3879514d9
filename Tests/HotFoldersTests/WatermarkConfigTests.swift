import Foundation
import Testing
@testable import HotFolders

/// The `[watermark]` keys: read, checked with a useful message, laid over per album.
@Suite struct WatermarkConfigTests {
    static func load(_ text: String, currentDirectory: URL = URL(fileURLWithPath: "/")) throws -> Configuration {
        try Configuration.decode(toml: text, source: URL(fileURLWithPath: "/etc/hf/hotfolders.toml"),
                                 environment: ["HOME": "/home/ann"], currentDirectory: currentDirectory)
    }

    static func failure(_ text: String) -> String {
        errorText(or: "no error") { _ = try load(text) }
    }

    static func watermark(_ line: String) -> String {
        failure("root = \"/r\"\n[defaults.watermark]\n\(line)")
    }

    @Test func theDefaultsPrintOwnerYearSignAndPlaceBottomRight() throws {
        let settings = try Self.load("root = \"/r\"").defaults.watermark
        #expect(settings.template.text == "{owner} © {year} {zodiac} {place}")
        #expect(settings.owner == nil && settings.yearOffset == 0 && settings.font == "DejaVu Sans" && settings.weight == .bold)
        #expect(settings.size == 0.035 && settings.position == .bottomRight && settings.margin == 0.02)
        #expect(settings.opacity == 0.85 && settings.color == .white && settings.outline == .outline && settings.outlineColor == .black)
        #expect(settings.mode == .mark && settings.angle == -30 && settings.tileOpacity == 0.3)
        #expect(settings.logo == nil && settings.logoSize == 0.12 && settings.logoPosition == nil && settings.variants.isEmpty)
    }

    @Test func everyKeyIsReadAndAlbumsLayTheirsOver() throws {
        let dir = TemporaryDirectory("wmconfig")
        let logo = try GeneratedImages.writePNG(GeneratedImages.gradient(width: 20, height: 10), to: dir.path("logo.png"))
        let config = try Self.load("""
            root = "/r"
            [defaults]
            rules = ["metadata", "preprocess", "derivatives", "watermark"]
            [defaults.watermark]
            template = "{owner} © {year} · {place}"
            owner = "Ann Lee"
            year_offset = 1
            font = "DejaVu Serif"
            weight = "normal"
            size = 0.05
            position = "top-left"
            margin = 0
            opacity = 1
            color = "#ffcc00"
            outline = "shadow"
            outline_color = "#222"
            logo = "${LOGOS}/logo.png"
            logo_size = 0.2
            logo_position = "bottom-right"
            variants = ["web", "1024"]
            [album."Trips *".watermark]
            mode = "tiled"
            angle = 45
            tile_opacity = 0.2
            logo_position = "with-text"
            """.replacingOccurrences(of: "${LOGOS}", with: dir.url.path))
        let settings = config.defaults.watermark
        #expect(settings.template.text == "{owner} © {year} · {place}" && settings.owner == "Ann Lee" && settings.yearOffset == 1)
        #expect(settings.font == "DejaVu Serif" && settings.weight == .normal && settings.size == 0.05)
        #expect(settings.position == .topLeft && settings.margin == 0 && settings.opacity == 1)
        #expect(settings.color == RGBColor(red: 0xFF, green: 0xCC, blue: 0) && settings.outline == .shadow)
        #expect(settings.outlineColor == RGBColor(red: 0x22, green: 0x22, blue: 0x22))
        #expect(settings.logo?.path == logo.standardizedFileURL.path && settings.logoSize == 0.2 && settings.logoPosition == .bottomRight)
        #expect(settings.variants == ["web", "1024"])
        let trips = config.settings(forAlbum: "Trips 2024").watermark
        #expect(trips.mode == .tiled && trips.angle == 45 && trips.tileOpacity == 0.2 && trips.logoPosition == nil)
        #expect(trips.owner == "Ann Lee", "keys an album does not set come from [defaults]")
        let line = try #require(config.defaults.summaryLines.first { $0.hasPrefix("watermark: ") })
        #expect(line.contains(##"color = "#FFCC00""##) && line.contains("size = 0.05") && line.contains(##"logo_position = "bottom-right""##))
        #expect(try Self.load("root = \"/r\"\n[defaults]\nrules = [\"metadata\", \"preprocess\", \"watermark\"]").defaults.summaryLines
            .contains { $0.contains(#"variants = (every output)"#) && $0.contains(#"logo_position = "with-text""#) })
    }

    @Test func aBadAnchorOrColourSaysWhatWasExpected() {
        #expect(Self.watermark(#"position = "bottom-rigth""#)
            == #"/etc/hf/hotfolders.toml: defaults.watermark.position: expected one of "top-left", "top", "top-right", "left", "center", "right", "bottom-left", "bottom", "bottom-right", found "bottom-rigth" (did you mean "bottom-right"?)"#)
        #expect(Self.watermark(#"logo_position = "centre""#).contains(#"found "centre" (did you mean "center"?)"#))
        #expect(Self.watermark(#"color = "white""#)
            == ##"/etc/hf/hotfolders.toml: defaults.watermark.color: expected a colour written "#RRGGBB", such as "#FFFFFF" for white, found "white""##)
        #expect(Self.watermark(##"color = "ffcc00""##).hasSuffix(##"found "ffcc00" (did you mean "#FFCC00"?)"##))
        #expect(Self.watermark(##"outline_color = "#12345""##).contains("expected a colour"))
        #expect(Self.watermark(#"outline = "glow""#).contains(#"expected one of "outline", "shadow", "none""#))
        #expect(Self.watermark(#"mode = "tile""#).contains(#"(did you mean "tiled"?)"#))
    }

    @Test func anUnknownTokenGetsASuggestion() {
        #expect(Self.watermark(#"template = "{owner} © {yaer}""#)
            .hasPrefix("/etc/hf/hotfolders.toml: defaults.watermark.template: unknown token {yaer} (did you mean {year}?)"))
        #expect(Self.watermark(#"template = "{owner} © {year""#).contains("unclosed"))
        #expect(Self.watermark(#"template = """#) == "no error", "an empty template prints no text (a logo alone)")
        // A NUL would cut the text handed to Pango mid-markup; the mark is one line.
        #expect(Self.watermark(#"template = "{owner}\n© {year}""#).contains("defaults.watermark.template: has a control character"))
        #expect(Self.watermark(#"owner = "Ann\nLee""#).contains(#"defaults.watermark.owner: "Ann\nLee" has a control character"#))
    }

    @Test func sizesOpacitiesAndAnglesStayInASaneRange() {
        #expect(Self.watermark("size = 0.9")
            == "/etc/hf/hotfolders.toml: defaults.watermark.size: expected a fraction of the short edge from 0.005 to 0.25, found 0.9")
        #expect(Self.watermark("size = \"3%\"").contains("expected a fraction of the short edge"))
        #expect(Self.watermark("opacity = 0").contains("expected an opacity from 0.05 to 1, found 0"))
        #expect(Self.watermark("tile_opacity = 1.5").contains("expected an opacity from 0.05 to 1"))
        #expect(Self.watermark("angle = 120").contains("expected an angle in degrees from -90 to 90"))
        #expect(Self.watermark("logo_size = 0").contains("from 0.02 to 0.5"))
        #expect(Self.watermark("year_offset = 1000").contains("from -100 to 100"))
        #expect(Self.watermark("variants = []").contains("an empty list marks nothing"))
        #expect(Self.watermark(#"variants = ["web", "web"]"#).contains(#""web" is listed twice"#))
    }

    @Test func aMissingLogoOrFontFileStopsTheConfig() throws {
        #expect(Self.watermark(#"logo = "~/logos/none.png""#)
            == #"/etc/hf/hotfolders.toml: defaults.watermark.logo: "/home/ann/logos/none.png" does not exist or cannot be read"#)
        let dir = TemporaryDirectory("wmlogo")
        try Data("not a picture".utf8).write(to: dir.path("logo.png"))
        #expect(Self.watermark("logo = \"\(dir.path("logo.png").path)\"").contains("is not an image libvips can open"))
        #expect(Self.watermark(#"font_file = "/nowhere/font.ttf""#).contains("does not exist or cannot be read"))
    }

    @Test func watermarkRunsAfterStyleAndDerivatives() {
        func rules(_ list: String) -> String { Self.failure("root = \"/r\"\n[defaults]\nrules = [\(list)]") }
        #expect(rules(#""metadata", "preprocess", "watermark", "derivatives""#)
            == #"/etc/hf/hotfolders.toml: defaults.rules: list "watermark" after "derivatives" so every size is marked at its own size"#)
        #expect(rules(#""metadata", "preprocess", "watermark", "style""#)
            == #"/etc/hf/hotfolders.toml: defaults.rules: list "watermark" after "style" so a generated style does not smear the mark"#)
        #expect(rules(#""metadata", "watermark", "preprocess""#)
            == #"/etc/hf/hotfolders.toml: defaults.rules: list "watermark" after "preprocess": it marks the outputs made before it"#)
        #expect(rules(#""metadata", "preprocess", "style", "derivatives", "watermark""#) == "no error")
    }

    @Test func aMistypedVariantIsCaughtAndAStyleOnlySomeAlbumsMakeIsNot() {
        let base = "root = \"/r\"\n[defaults]\nrules = [\"metadata\", \"preprocess\", \"derivatives\", \"watermark\"]\n[defaults.watermark]\n"
        #expect(Self.failure(base + #"variants = ["wbe"]"#).contains(#"defaults.watermark.variants: "wbe" is not an output of this album (did you mean "web"?)"#))
        #expect(Self.failure(base + #"variants = ["web", "sepia"]"#) == "no error")
    }

    @Test func theExampleDocumentsEveryKeyAndLoadsTheDefaults() throws {
        let example = ConfigTests.repository.appendingPathComponent("hotfolders.example")
        let text = try String(contentsOf: example, encoding: .utf8)
        #expect(text.contains("\n[defaults.watermark]\n"))
        for key in ConfigSchema.watermark.settings.map(\.name) {
            #expect(text.contains("\n\(key) = ") || text.contains("\n# \(key) = "), "\(key) is documented in hotfolders.example")
        }
        let config = try Configuration.decode(toml: text, source: example, environment: ["HOME": "/home/ann"],
                                              currentDirectory: URL(fileURLWithPath: "/work/checkout"))
        #expect(config.defaults.watermark == WatermarkSettings())
    }
}
