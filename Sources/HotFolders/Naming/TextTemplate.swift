/// A line of text with `{token}` placeholders, such as a rename rule's `"{place_slug}_{seq}"` or
/// a watermark's `"{owner} © {year} {zodiac} {place}"`. `{{` and `}}` stand for literal braces.
/// Which tokens exist is the caller's business (the config layer checks them against the known
/// ones); parsing only checks the braces and names.
public struct TextTemplate: Sendable, Equatable {
    /// A run of literal text, or a placeholder's name.
    enum Part: Sendable, Equatable {
        case literal(String)
        case token(String)
    }

    /// The template as written.
    public let text: String
    let parts: [Part]

    public init(parsing text: String) throws(TemplateError) {
        self.text = text
        var parts: [Part] = []
        var literal = ""
        var characters = Array(text)[...]
        var offset = 0
        while let character = characters.popFirst() {
            offset += 1
            switch character {
            case "{" where characters.first == "{", "}" where characters.first == "}":
                characters.removeFirst()
                offset += 1
                literal.append(character)
            case "{":
                let start = offset
                guard let close = characters.firstIndex(where: { $0 == "}" || $0 == "{" }), characters[close] == "}" else {
                    throw TemplateError("an unclosed \"{\" at character \(start) of \(Self.quoted(text)); write {{ for a literal brace",
                                        offset: start)
                }
                let name = String(characters[..<close])
                guard !name.isEmpty else {
                    throw TemplateError("an empty placeholder {} at character \(start) of \(Self.quoted(text))", offset: start)
                }
                guard name.allSatisfy(Self.isNameCharacter) else {
                    throw TemplateError("{\(name)} at character \(start) of \(Self.quoted(text)) is not a placeholder: "
                                        + "a placeholder is a name of letters, digits and _ such as {place}", offset: start)
                }
                characters = characters[characters.index(after: close)...]
                offset += name.count + 1
                if !literal.isEmpty { parts.append(.literal(literal)) }
                literal = ""
                parts.append(.token(name))
            case "}":
                throw TemplateError("a \"}\" without its \"{\" at character \(offset) of \(Self.quoted(text)); write }} for a literal brace",
                                    offset: offset)
            default:
                literal.append(character)
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    /// The placeholder names in order (a name used twice is listed twice).
    public var tokens: [String] {
        parts.compactMap { if case .token(let name) = $0 { name } else { nil } }
    }

    /// Fills the placeholders; a token whose value is nil or empty disappears with the separator
    /// before it (or after it, if it is first): "{owner} © {year} {zodiac} {place}" with place nil
    /// -> "Ann © 2024 ♈", with owner nil -> "© 2024 ♈ Montreal". Separators = the literal text
    /// between two tokens when it is only whitespace/punctuation like " ", "_", "-", ", ", " · ";
    /// literal text with letters or symbols (©) stays, losing only the spaces or punctuation that
    /// touched the missing token.
    public func render(_ value: (String) -> String?) -> String {
        // nil marks a missing token; literals are never nil. Tokens with nothing between them
        // ("{year}{month}{day}") act as one, missing only when all of them are.
        var items: [(text: String?, literal: Bool)] = []
        for part in parts {
            switch part {
            case .literal(let text):
                items.append((text, true))
            case .token(let name):
                let text = value(name).flatMap { $0.isEmpty ? nil : $0 }
                if let last = items.last, !last.literal {
                    items[items.count - 1].text = text.map { (last.text ?? "") + $0 } ?? last.text
                } else {
                    items.append((text, false))
                }
            }
        }
        while let missing = items.firstIndex(where: { $0.text == nil }) {
            let left = missing > 0 && items[missing - 1].literal ? missing - 1 : nil
            let right = missing + 1 < items.count && items[missing + 1].literal ? missing + 1 : nil
            // A separator sits between two things; at the very start or end it is the template's own text.
            if let left, left > 0, Self.isSeparator(items[left].text!) {
                items.removeSubrange(left...missing)
            } else if let right, right + 1 < items.count, Self.isSeparator(items[right].text!) {
                items.removeSubrange(missing...right)
            } else if let left {
                items[left].text = String(items[left].text!.reversed().drop(while: Self.isSeparatorCharacter).reversed())
                items.remove(at: missing)
            } else if let right {
                items[right].text = String(items[right].text!.drop(while: Self.isSeparatorCharacter))
                items.remove(at: missing)
            } else {
                items.remove(at: missing)
            }
        }
        return items.compactMap(\.text).joined()
    }

    /// Only spaces and joining punctuation: what may go when a token beside it goes.
    static func isSeparator(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy(isSeparatorCharacter)
    }

    /// Whitespace and punctuation, except brackets and quotes, which come in pairs and mean
    /// something of their own.
    static func isSeparatorCharacter(_ character: Character) -> Bool {
        if character.isWhitespace { return true }
        guard character.isPunctuation else { return false }
        return !"()[]{}<>«»‹›“”„‘’‚\"'".contains(character)
    }

    static func isNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "_")
    }

    static func quoted(_ text: String) -> String { "\"\(text)\"" }
}

/// Why a template cannot be read, in plain words (an unclosed brace, an empty placeholder).
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// The 1-based character of the template where the problem starts.
    public var offset: Int

    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { message }
}
