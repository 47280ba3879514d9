/// A command-line argument or request value with `{field}` placeholders (`"--seed={seed}"`,
/// `"{prompt}"`), filled from a style's fields and the photo at hand. `{{` and `}}` stand for
/// literal braces. Filling never goes through a shell: each argument stays one argument,
/// whatever quotes, spaces or `$(...)` a prompt or a name holds.
enum StyleTemplate {
    /// A placeholder names a field the style does not have.
    struct Missing: Error, Equatable {
        var field: String
    }

    /// Why `template` cannot be read (an unclosed `{`, a stray `}`, an empty `{}`), or nil.
    static func syntaxProblem(_ template: String) -> String? {
        do { _ = try parts(template) } catch { return error.message }
        return nil
    }

    /// The template with every placeholder replaced by its value's plain text.
    static func fill(_ template: String, with values: [String: StyleValue]) throws(Missing) -> String {
        var out = ""
        for part in (try? parts(template)) ?? [.literal(template)] {
            switch part {
            case .literal(let text): out += text
            case .field(let name):
                guard let value = values[name] else { throw Missing(field: name) }
                out += value.plain
            }
        }
        return out
    }

    /// A request value: a template that is one placeholder alone takes the field's own value and
    /// type (`"{seed}"` -> 42, `"{lora_scale}"` -> 0.8), or nil when the style lacks the field
    /// (the key is then left out of the request); any other text is filled as text. Numbers,
    /// flags, lists and tables in the configuration are sent as they are.
    static func value(_ template: StyleValue, with values: [String: StyleValue]) throws(Missing) -> StyleValue? {
        guard let text = template.text else { return template }
        if let parts = try? parts(text), parts.count == 1, case .field(let name) = parts[0] {
            return values[name]
        }
        return .text(try fill(text, with: values))
    }

    private enum Part: Equatable {
        case literal(String)
        case field(String)
    }

    private static func parts(_ template: String) throws(ValueProblem) -> [Part] {
        var parts: [Part] = []
        var literal = ""
        var index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            let next = template.index(after: index)
            if character == "{" {
                if next < template.endIndex, template[next] == "{" {
                    literal.append("{")
                    index = template.index(after: next)
                    continue
                }
                guard let close = template[next...].firstIndex(of: "}") else {
                    throw ValueProblem("a '{' without its closing '}' (write '{{' for a literal brace)")
                }
                let name = String(template[next..<close])
                guard !name.isEmpty, !name.contains("{") else {
                    throw ValueProblem("expected a field name between '{' and '}', such as {prompt}")
                }
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(.field(name))
                index = template.index(after: close)
            } else if character == "}" {
                guard next < template.endIndex, template[next] == "}" else {
                    throw ValueProblem("a '}' without an opening '{' (write '}}' for a literal brace)")
                }
                literal.append("}")
                index = template.index(after: next)
            } else {
                literal.append(character)
                index = next
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }
}
