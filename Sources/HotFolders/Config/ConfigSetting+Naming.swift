import TOMLKit

// The kinds of value the rename settings need: a template of `{token}`s.
extension ConfigSetting {
    /// A `TextTemplate` whose tokens are all in `known` (`unknown token {plce} (did you mean
    /// {place}?)`); `check` says what else is wrong with it, or nil.
    static func template(_ name: String, _ field: WritableKeyPath<Root, TextTemplate> & Sendable, known: [String],
                         check: @escaping @Sendable (TextTemplate) -> String? = { _ in nil }) -> ConfigSetting {
        .field(name, field, read: { value, _ in
            let text = try TOMLReader.string(value, expected: #"a template of {tokens} such as "{place_slug}_{seq}""#)
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
