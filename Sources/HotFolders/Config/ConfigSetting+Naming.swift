import TOMLKit

// A template of `{token}`s, the kind the rename and watermark settings share.
extension ConfigSetting {
    /// A `TextTemplate` whose tokens are all in `known` (`unknown token {plce} (did you mean
    /// {place}?)`) and without control characters (a file name and a watermark are one line,
    /// and a NUL would cut the text handed to C); `check` says what else is wrong, or nil.
    /// `emptyAllowed`: `""` is a template that prints nothing (a watermark that is a logo alone).
    static func template(_ name: String, _ field: WritableKeyPath<Root, TextTemplate> & Sendable, known: [String],
                         example: String = "{place_slug}_{seq}", emptyAllowed: Bool = false,
                         check: @escaping @Sendable (TextTemplate) -> String? = { _ in nil }) -> ConfigSetting {
        .field(name, field, read: { value, _ in
            let expected = "a template of {tokens} such as \(TOMLReader.quoted(example))"
            let text = emptyAllowed && value.string == "" ? "" : try TOMLReader.string(value, expected: expected)
            if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw ValueProblem("has a control character (a tab, a line break); a template is one line")
            }
            let template: TextTemplate
            do {
                template = try TextTemplate(parsing: text)
            } catch {
                throw ValueProblem("\(error)")
            }
            for token in template.tokens where !known.contains(token) {
                if let suggestion = KeySuggestion.closest(to: token, among: known) {
                    throw ValueProblem("unknown token {\(token)} (did you mean {\(suggestion)}?)")
                }
                throw ValueProblem("unknown token {\(token)} (known tokens: \(known.map { "{\($0)}" }.joined(separator: ", ")))")
            }
            if let problem = check(template) { throw ValueProblem("\(TOMLReader.quoted(text)) \(problem)") }
            return template
        }, show: { TOMLReader.quoted($0.text) })
    }
}
