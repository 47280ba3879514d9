import TOMLKit

// The kinds of value the derivatives and deploy tables need: lists of sizes and formats,
// switches, optional strings, and a table of strings keyed by variant.
extension ConfigSetting {
    /// A list of distinct integers within `range`, at least one, kept in ascending order.
    static func integers(_ name: String, _ field: WritableKeyPath<Root, [Int]> & Sendable, in range: ClosedRange<Int>,
                         expected: String) -> ConfigSetting {
        .field(name, field, read: { value, _ in
            guard let array = value.array else { throw ValueProblem(expected: expected, found: TOMLReader.describe(value)) }
            var numbers: [Int] = []
            for element in array {
                let number = try TOMLReader.integer(element, in: range)
                guard !numbers.contains(number) else { throw ValueProblem("\(number) is listed twice; expected \(expected)") }
                numbers.append(number)
            }
            guard !numbers.isEmpty else { throw ValueProblem(expected: expected, found: "an empty list") }
            return numbers.sorted()
        }, show: { "[" + $0.map(String.init).joined(separator: ", ") + "]" })
    }

    /// A list of distinct choices (`["webp", "avif"]`), at least one, in the order given.
    static func choices<Choice>(_ name: String, _ field: WritableKeyPath<Root, [Choice]> & Sendable) -> ConfigSetting
    where Choice: RawRepresentable & CaseIterable & Sendable & Equatable, Choice.RawValue == String {
        .field(name, field, read: { value, _ in
            let expected = "a list from " + Choice.allCases.map { TOMLReader.quoted($0.rawValue) }.joined(separator: ", ")
            guard let array = value.array else { throw ValueProblem(expected: expected, found: TOMLReader.describe(value)) }
            var choices: [Choice] = []
            for element in array {
                let choice = try TOMLReader.choice(element, of: Choice.self)
                guard !choices.contains(choice) else {
                    throw ValueProblem("\(TOMLReader.quoted(choice.rawValue)) is listed twice; expected \(expected)")
                }
                choices.append(choice)
            }
            guard !choices.isEmpty else { throw ValueProblem(expected: expected, found: "an empty list") }
            return choices
        }, show: { "[" + $0.map { TOMLReader.quoted($0.rawValue) }.joined(separator: ", ") + "]" })
    }

    static func bool(_ name: String, _ field: WritableKeyPath<Root, Bool> & Sendable) -> ConfigSetting {
        .field(name, field, read: { value, _ in
            guard let flag = value.bool else { throw ValueProblem(expected: "true or false", found: TOMLReader.describe(value)) }
            return flag
        }, show: { $0 ? "true" : "false" })
    }

    /// A non-empty string, checked by `parse` (which throws a `ValueProblem` or converts it).
    static func string<Value: Sendable>(_ name: String, _ field: WritableKeyPath<Root, Value> & Sendable, expected: String,
                                        parse: @escaping @Sendable (String) throws -> Value,
                                        show: @escaping @Sendable (Value) -> String) -> ConfigSetting {
        .field(name, field, read: { value, _ in try parse(try TOMLReader.string(value, expected: expected)) }, show: show)
    }

    /// A string that may be left out (`unset` says what happens then); `""` also means unset.
    static func optionalString(_ name: String, _ field: WritableKeyPath<Root, String?> & Sendable, expected: String,
                               unset: String, check: @escaping @Sendable (String) -> String? = { _ in nil }) -> ConfigSetting {
        .field(name, field, read: { value, _ in
            guard let text = value.string else { throw ValueProblem(expected: expected, found: TOMLReader.describe(value)) }
            if text.isEmpty { return nil }
            if let problem = check(text) { throw ValueProblem("\(TOMLReader.quoted(text)) \(problem); expected \(expected)") }
            return text
        }, show: { $0.map(TOMLReader.quoted) ?? unset })
    }

    /// A table of non-empty strings by name (`cache_control = { web = "...", "512" = "..." }`).
    static func stringTable(_ name: String, _ field: WritableKeyPath<Root, [String: String]> & Sendable,
                            expected: String) -> ConfigSetting {
        .field(name, field, read: { value, _ in
            guard let table = value.table else { throw ValueProblem(expected: expected, found: TOMLReader.describe(value)) }
            var result: [String: String] = [:]
            for key in table.keys {
                guard let text = table[key]?.string, !text.isEmpty else {
                    throw ValueProblem("\(TOMLReader.quoted(key)): expected a non-empty string (\(expected))")
                }
                result[key] = text
            }
            return result
        }, show: { table in
            "{" + table.keys.sorted().map { " \(TOMLReader.quoted($0)) = \(TOMLReader.quoted(table[$0]!))" }.joined(separator: ",")
                + (table.isEmpty ? "}" : " }")
        })
    }

    /// An http(s) URL without a trailing slash (`https://host:port`).
    static func url(_ name: String, _ field: WritableKeyPath<Root, String?> & Sendable, unset: String) -> ConfigSetting {
        optionalString(name, field, expected: "a URL such as \"https://s3.example.com\"", unset: unset, check: URLCheck.problem)
            .trimmingSlash(field)
    }

    static func url(_ name: String, _ field: WritableKeyPath<Root, String> & Sendable) -> ConfigSetting {
        string(name, field, expected: "a URL such as \"https://s3.example.com\"", parse: { text in
            if let problem = URLCheck.problem(text) { throw ValueProblem("\(TOMLReader.quoted(text)) \(problem)") }
            return URLCheck.trimmed(text)
        }, show: TOMLReader.quoted)
    }

    /// The same setting, storing the URL without trailing slashes.
    private func trimmingSlash(_ field: WritableKeyPath<Root, String?> & Sendable) -> ConfigSetting {
        let decode = self.decode
        return ConfigSetting(name: name, decode: { value, context in
            let change = try decode(value, context)
            return { root in
                change(&root)
                root[keyPath: field] = root[keyPath: field].map(URLCheck.trimmed)
            }
        }, show: show)
    }
}

/// What makes a configured URL usable.
enum URLCheck {
    static func problem(_ text: String) -> String? {
        guard text.hasPrefix("http://") || text.hasPrefix("https://") else { return "is not an http:// or https:// URL" }
        let host = text.drop { $0 != "/" }.dropFirst(2).prefix { $0 != "/" }
        guard !host.isEmpty else { return "has no host" }
        guard !text.contains(where: { $0 == " " || $0 == "?" || $0 == "#" }) else { return "must not contain spaces, ? or #" }
        return nil
    }

    static func trimmed(_ text: String) -> String {
        var text = text
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
