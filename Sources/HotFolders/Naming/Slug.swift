import Foundation

/// A piece of a file name made safe and plain: lower-case ASCII letters and digits joined by `_`
/// ("Montréal, Québec" -> "montreal_quebec", "Москва" -> "moskva"). What cannot be written in
/// ASCII (an emoji) is dropped, so a slug may be empty; it never holds a `/`, a dot or a control
/// character, and never starts or ends with `_`.
public enum Slug {
    /// The longest slug by default (`max_length` in `[rename]`).
    public static let defaultMaxLength = 64

    /// ICU's transliterations, which Foundation on Linux has too: any script to Latin, then Latin
    /// to ASCII (ß -> ss, Æ -> ae, Ł -> l), then lower case.
    private static let ascii = StringTransform("Any-Latin; Latin-ASCII; Lower")

    /// The slug of `text`, at most `maxLength` characters (cut at a character, then without a
    /// trailing `_`).
    public static func of(_ text: String, maxLength: Int = defaultMaxLength) -> String {
        let latin = text.applyingTransform(ascii, reverse: false) ?? text.lowercased()
        var slug = ""
        var pendingSeparator = false
        for scalar in latin.unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9":
                if pendingSeparator && !slug.isEmpty { slug.append("_") }
                pendingSeparator = false
                slug.unicodeScalars.append(scalar)
            case "A"..."Z":
                // The transform lowers case already; this covers text it left alone.
                if pendingSeparator && !slug.isEmpty { slug.append("_") }
                pendingSeparator = false
                slug.unicodeScalars.append(Unicode.Scalar(scalar.value + 32)!)
            case "'", "’":
                // "L'Aquila" -> "laquila", "Hawai'i" -> "hawaii": an apostrophe joins a word.
                continue
            default:
                pendingSeparator = true
            }
        }
        return capped(slug, at: maxLength)
    }

    /// `slug` cut to `maxLength` characters, without a trailing `_`.
    public static func capped(_ slug: String, at maxLength: Int) -> String {
        guard slug.count > maxLength else { return slug }
        var cut = String(slug.prefix(max(0, maxLength)))
        while cut.hasSuffix("_") { cut.removeLast() }
        return cut
    }
}
