import Testing
@testable import HotFolders

/// `TextTemplate`: parsing `{token}` placeholders and braces, and rendering with missing values
/// dropping their separator (shared by the rename and watermark rules).
@Suite struct TextTemplateTests {
    static let watermark = "{owner} © {year} {zodiac} {place}"

    func render(_ text: String, _ values: [String: String]) throws -> String {
        try TextTemplate(parsing: text).render { values[$0] }
    }

    @Test func tokensAreListedInOrderAndBracesCanBeDoubled() throws {
        #expect(try TextTemplate(parsing: Self.watermark).tokens == ["owner", "year", "zodiac", "place"])
        #expect(try TextTemplate(parsing: "{place_slug}_{seq}").tokens == ["place_slug", "seq"])
        #expect(try TextTemplate(parsing: "no tokens").tokens.isEmpty)
        #expect(try TextTemplate(parsing: "").render { _ in "x" } == "")
        let braces = try TextTemplate(parsing: "{{literal}} {a}}}")
        #expect(braces.tokens == ["a"])
        #expect(braces.render { _ in "A" } == "{literal} A}")
        // Unknown names are the caller's concern, not a parse error.
        #expect(try TextTemplate(parsing: "{plce}").tokens == ["plce"])
    }

    @Test func badBracesAreErrorsInPlainWords() {
        #expect(throws: TemplateError.self) { try TextTemplate(parsing: "{place") }
        #expect(throws: TemplateError.self) { try TextTemplate(parsing: "{place_{seq}") }
        #expect(throws: TemplateError.self) { try TextTemplate(parsing: "place}") }
        #expect(throws: TemplateError.self) { try TextTemplate(parsing: "a {} b") }
        #expect(throws: TemplateError.self) { try TextTemplate(parsing: "{pla ce}") }
        #expect(throws: TemplateError.self) { try TextTemplate(parsing: "{../etc}") }
        do {
            _ = try TextTemplate(parsing: "ab {place")
            Issue.record("an unclosed brace was accepted")
        } catch {
            #expect(error.offset == 4)
            #expect(error.description.contains("unclosed") && error.description.contains("ab {place"))
        }
        do {
            _ = try TextTemplate(parsing: "x}")
            Issue.record("a lone } was accepted")
        } catch {
            #expect(error.description.contains("}}"))
        }
    }

    @Test func allValuesPresentFillEveryPlaceholder() throws {
        let values = ["owner": "Ann", "year": "2024", "zodiac": "♈", "place": "Montreal"]
        #expect(try render(Self.watermark, values) == "Ann © 2024 ♈ Montreal")
        #expect(try render("{place_slug}_{seq}", ["place_slug": "montreal_quebec", "seq": "1234"]) == "montreal_quebec_1234")
    }

    @Test func aMissingTokenTakesTheSeparatorBeforeIt() throws {
        let values = ["owner": "Ann", "year": "2024", "zodiac": "♈", "place": "Montreal"]
        var noPlace = values
        noPlace["place"] = nil
        #expect(try render(Self.watermark, noPlace) == "Ann © 2024 ♈")
        var emptyPlace = values
        emptyPlace["place"] = ""
        #expect(try render(Self.watermark, emptyPlace) == "Ann © 2024 ♈")
        var noZodiac = values
        noZodiac["zodiac"] = nil
        #expect(try render(Self.watermark, noZodiac) == "Ann © 2024 Montreal")
        #expect(try render("{a}_{b}_{c}", ["a": "a", "c": "c"]) == "a_c")
        #expect(try render("{a}_{b}_{c}", ["a": "a"]) == "a")
        #expect(try render("{a}, {b} · {c}", ["a": "A", "c": "C"]) == "A · C")
        #expect(try render("{year}{month}{day}", ["year": "2024", "day": "05"]) == "202405")
        // Tokens side by side go as one, with one separator.
        #expect(try render("{album}_{year}{month}{day}_{seq}", ["album": "trips", "seq": "0005"]) == "trips_0005")
        #expect(try render("{album}_{year}{month}{day}_{seq}", ["album": "trips", "month": "03"]) == "trips_03")
    }

    @Test func aMissingFirstTokenTakesTheSeparatorAfterIt() throws {
        let values = ["year": "2024", "zodiac": "♈", "place": "Montreal"]
        #expect(try render(Self.watermark, values) == "© 2024 ♈ Montreal")
        #expect(try render("{a}_{b}_{c}", ["c": "c"]) == "c")
        #expect(try render("{a} - {b}", ["b": "B"]) == "B")
    }

    @Test func literalTextWithLettersOrSymbolsStays() throws {
        // Only the space touching the missing year goes; © is not a separator.
        #expect(try render(Self.watermark, ["owner": "Ann", "zodiac": "♈"]) == "Ann © ♈")
        #expect(try render(Self.watermark, [:]) == "©")
        #expect(try render("Photo {a}_{b}", ["b": "B"]) == "Photo B")
        #expect(try render("by {owner}", [:]) == "by")
        #expect(try render("({place})", ["place": "Rome"]) == "(Rome)")
        #expect(try render("x{a}y", [:]) == "xy")
    }
}
