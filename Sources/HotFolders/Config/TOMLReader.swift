import TOMLKit

/// The one place TOMLKit's values are read: parsing a file's text (with TOMLKit's own syntax
/// messages), and turning a value into the Swift type a key expects or a `ValueProblem` that says
/// what was expected and what was found.
enum TOMLReader {
    /// The document's root table. A syntax error keeps TOMLKit's message and adds its line and column.
    static func parse(_ text: String, file: String) throws(ConfigError) -> TOMLTable {
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let place = "line \(error.source.begin.line), column \(error.source.begin.column)"
            throw ConfigError(file: file, keyPath: nil, message: "TOML syntax error at \(place): \(error.description)")
        } catch {
            throw ConfigError(file: file, keyPath: nil, message: "TOML syntax error: \(error)")
        }
    }

    static func integer(_ value: any TOMLValueConvertible, in range: ClosedRange<Int>) throws(ValueProblem) -> Int {
        guard let number = value.int, range.contains(number) else {
            throw ValueProblem(expected: "an integer from \(range.lowerBound) to \(range.upperBound)", found: describe(value))
        }
        return number
    }

    static func string(_ value: any TOMLValueConvertible, expected: String) throws(ValueProblem) -> String {
        guard let text = value.string, !text.isEmpty else {
            throw ValueProblem(expected: expected, found: describe(value))
        }
        return text
    }

    /// One of an enum's raw values; a near miss (`"WebP"`, `"archiv"`) gets a suggestion.
    static func choice<Choice>(_ value: any TOMLValueConvertible, of _: Choice.Type) throws(ValueProblem) -> Choice
    where Choice: RawRepresentable & CaseIterable, Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue)
        let expected = "one of " + names.map(quoted).joined(separator: ", ")
        guard let text = value.string else { throw ValueProblem(expected: expected, found: describe(value)) }
        guard let choice = Choice(rawValue: text) else {
            let suggestion = KeySuggestion.closest(to: text, among: names).map(quoted)
            throw ValueProblem(expected: expected, found: describe(value), suggestion: suggestion)
        }
        return choice
    }

    /// An ordered list of names, each from `known`, none twice, at least one.
    static func nameList(_ value: any TOMLValueConvertible, known: [String], noun: String) throws(ValueProblem) -> [String] {
        let knownList = known.map(quoted).joined(separator: ", ")
        let expected = "a list of \(noun) names from \(knownList), in the order they run"
        guard let array = value.array else { throw ValueProblem(expected: expected, found: describe(value)) }
        var names: [String] = []
        for element in array {
            guard let name = element.string else { throw ValueProblem(expected: expected, found: describe(value)) }
            guard known.contains(name) else {
                var message = "unknown \(noun) \(quoted(name))"
                if let suggestion = KeySuggestion.closest(to: name, among: known) { message += " (did you mean \(quoted(suggestion))?)" }
                throw ValueProblem(message + "; expected \(noun) names from \(knownList)")
            }
            guard !names.contains(name) else {
                throw ValueProblem("\(noun) \(quoted(name)) is listed twice; each runs once, in the order listed")
            }
            names.append(name)
        }
        guard !names.isEmpty else { throw ValueProblem(expected: expected, found: "an empty list") }
        return names
    }

    /// `"1m30s"`, `"500ms"` or a number of seconds, within `range`. A near miss (`"2 min"`, `"30"`)
    /// gets the spelling that works as a suggestion.
    static func duration(_ value: any TOMLValueConvertible, in range: ClosedRange<Duration>) throws(ValueProblem) -> Duration {
        let expected = #"a duration such as "2s", "500ms", "10m" or "1m30s" (or a number of seconds)"#
        let duration: Duration?
        if let text = value.string {
            guard let parsed = ConfigDuration.parse(text) else {
                let suggestion = ConfigDuration.guess(text).map { quoted(ConfigDuration.text($0)) }
                throw ValueProblem(expected: expected, found: describe(value), suggestion: suggestion)
            }
            duration = parsed
        } else if let seconds = value.int.map(Double.init) ?? value.double {
            // Far beyond any range here (or not finite): reported as out of range below.
            duration = seconds.isFinite && abs(seconds) < 1e8 ? .milliseconds(Int64((seconds * 1000).rounded())) : nil
        } else {
            throw ValueProblem(expected: expected, found: describe(value))
        }
        guard let duration, range.contains(duration) else {
            let bounds = "from \(ConfigDuration.text(range.lowerBound)) to \(ConfigDuration.text(range.upperBound))"
            throw ValueProblem(expected: "a duration \(bounds)", found: describe(value))
        }
        return duration
    }

    /// A list of non-empty strings, each passing `check` (which says what is wrong, or nil).
    static func stringList(_ value: any TOMLValueConvertible, expected: String,
                           check: (String) -> String?) throws(ValueProblem) -> [String] {
        guard let array = value.array else { throw ValueProblem(expected: expected, found: describe(value)) }
        var strings: [String] = []
        for element in array {
            guard let text = element.string, !text.isEmpty else { throw ValueProblem(expected: expected, found: describe(value)) }
            if let problem = check(text) { throw ValueProblem("\(quoted(text)) \(problem); expected \(expected)") }
            strings.append(text)
        }
        return strings
    }

    /// A value as the user would recognise it in their file: `"high"`, `150`, `90.5`, `a table`.
    static func describe(_ value: any TOMLValueConvertible) -> String {
        switch value.type {
        case .string: return quoted(value.string ?? "")
        case .int: return value.int.map(String.init) ?? "an integer"
        case .double: return value.double.map { "\($0)" } ?? "a number"
        case .bool: return value.bool.map { "\($0)" } ?? "a boolean"
        case .array:
            guard let array = value.array else { return "an array" }
            let items = array.prefix(5).map { describe($0) }
            return "[" + items.joined(separator: ", ") + (array.count > 5 ? ", ..." : "") + "]"
        case .table: return "a table"
        case .date, .time, .dateTime: return "the \(value.type) \(value.tomlValue.debugDescription)"
        }
    }

    /// A TOML basic string: `"Vacation 2024"`, with `"`, `\` and control characters escaped.
    /// JSON's escapes are all valid in a TOML basic string, so the event log's escaper serves.
    static func quoted(_ text: String) -> String { JSON.string(text) }
}
