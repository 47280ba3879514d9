/// The order in which `[album."pattern"]` tables first appear in the file. TOMLKit hands tables
/// back sorted by key (toml++ keeps them in a std::map), but globs apply in file order, so the
/// order is recovered from the text: table headers (`[album."X"]`, `[album."X".preprocess]`),
/// keys inside `[album]` (`"X".after = ...`) and dotted keys at the top (`album."X".after = ...`).
enum AlbumTableOrder {
    static func patterns(in text: String) -> [String] {
        var found: [String] = []
        var table: [String] = []
        var inMultilineString = false
        func note(_ pattern: String) { if !found.contains(pattern) { found.append(pattern) } }

        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.drop(while: { $0 == " " || $0 == "\t" })
            // A header-like line inside a multi-line string is text, not a table.
            let quotes = line.components(separatedBy: "\"\"\"").count - 1 + line.components(separatedBy: "'''").count - 1
            if inMultilineString {
                if quotes % 2 == 1 { inMultilineString = false }
                continue
            }
            if line.hasPrefix("[") {
                // `[[x]]` (an array of tables) and array lines such as `[1, 2],` are not headers here.
                guard let (key, rest) = dottedKey(line.dropFirst()), rest.hasPrefix("]") else { continue }
                table = key
                if key.count >= 2, key[0] == "album" { note(key[1]) }
            } else if let (key, rest) = dottedKey(line), rest.hasPrefix("=") {
                if table == ["album"] {
                    note(key[0])
                } else if table.isEmpty, key.count >= 2, key[0] == "album" {
                    note(key[1])
                }
            }
            if quotes % 2 == 1 { inMultilineString = true }
        }
        return found
    }

    /// The components of a dotted key at the start of `text` (bare, "basic" or 'literal' parts),
    /// and the text after it.
    static func dottedKey(_ text: Substring) -> ([String], Substring)? {
        var rest = text
        var parts: [String] = []
        while true {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            guard let first = rest.first else { return nil }
            if first == "\"" || first == "'" {
                guard let (part, after) = quotedKey(rest) else { return nil }
                parts.append(part)
                rest = after
            } else {
                let bare = rest.prefix(while: { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
                guard !bare.isEmpty else { return nil }
                parts.append(String(bare))
                rest = rest.dropFirst(bare.count)
            }
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            guard rest.first == "." else { return (parts, rest) }
            rest = rest.dropFirst()
        }
    }

    /// A quoted key and the text after it; basic strings have their escapes undone.
    private static func quotedKey(_ text: Substring) -> (String, Substring)? {
        let quote = text.first!
        var part = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if character == quote { return (part, text[text.index(after: index)...]) }
            if quote == "\"", character == "\\" {
                index = text.index(after: index)
                guard index < text.endIndex else { return nil }
                switch text[index] {
                case "n": part.append("\n")
                case "t": part.append("\t")
                case "r": part.append("\r")
                case "b": part.append("\u{08}")
                case "f": part.append("\u{0C}")
                case "e": part.append("\u{1B}")
                case "u", "U":
                    let width = text[index] == "u" ? 4 : 8
                    let digits = text[text.index(after: index)...].prefix(width)
                    guard digits.count == width, let value = UInt32(digits, radix: 16),
                          let scalar = Unicode.Scalar(value) else { return nil }
                    part.unicodeScalars.append(scalar)
                    index = text.index(index, offsetBy: width)
                default: part.append(text[index])
                }
            } else {
                part.append(character)
            }
            index = text.index(after: index)
        }
        return nil
    }
}
