import Testing
@testable import HotFolders

/// `Slug`: lower-case ASCII names from any script, safe in any path.
@Suite struct SlugTests {
    @Test(arguments: [
        ("Montréal", "montreal"), ("Zürich", "zurich"), ("Kraków", "krakow"), ("São Paulo", "sao_paulo"),
        ("Москва", "moskva"), ("Straße", "strasse"), ("Łódź", "lodz"), ("København", "kobenhavn"),
        ("Ærøskøbing", "aeroskobing"), ("Đà Nẵng", "da_nang"), ("Ελλάδα", "ellada"), ("서울", "seoul"),
        ("Montréal, Québec", "montreal_quebec"), ("L'Aquila", "laquila"), ("Saint-Jean-sur-Richelieu", "saint_jean_sur_richelieu"),
        ("  Lazio  ", "lazio"), ("2008-10-22", "2008_10_22"), ("NIKON COOLPIX P6000", "nikon_coolpix_p6000"),
    ])
    func transliteratesToLowerCaseASCII(text: String, slug: String) {
        #expect(Slug.of(text) == slug)
    }

    @Test func otherScriptsBecomeASCIIOrNothing() {
        let tokyo = Slug.of("東京")
        #expect(tokyo.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        #expect(Slug.of("🎉🎉") == "")
        #expect(Slug.of("Paris 🎉 2024") == "paris_2024")
    }

    @Test(arguments: ["../", "/", "..", "a/b", "../../etc/passwd", "\0", "a\0b", "line\nbreak", "tab\there", ".hidden",
                      "-rf", "C:\\Windows", "___", "é/../", "\u{202E}gpj.exe"])
    func hostileTextNeverMakesAPathOrAnEdgeSeparator(text: String) {
        let slug = Slug.of(text)
        #expect(!slug.contains("/") && !slug.contains(".") && !slug.contains("\0") && !slug.contains("\\"))
        #expect(!slug.hasPrefix("_") && !slug.hasSuffix("_") && !slug.contains("__"))
        #expect(slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
    }

    @Test func runsCollapseAndLongTextIsCappedWithoutATrailingSeparator() {
        #expect(Slug.of("a -- b,,, c") == "a_b_c")
        #expect(Slug.of("abcdef ghij", maxLength: 7) == "abcdef")
        #expect(Slug.of("abcdef ghij", maxLength: 8) == "abcdef_g")
        let long = Slug.of(String(repeating: "Llanfair ", count: 20))
        #expect(long.count <= Slug.defaultMaxLength && !long.hasSuffix("_"))
        #expect(Slug.of("Montréal", maxLength: 100) == "montreal")
    }
}
