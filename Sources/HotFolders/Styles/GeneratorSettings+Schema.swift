import Foundation
import TOMLKit

extension GeneratorSettings {
    /// The keys of a `[generators.<name>]` table. `input` and `defaults` are free-form tables
    /// read by `decode`.
    static let schema = ConfigSection<GeneratorSettings>(
        settings: [
            .choice("type", \.kind),
            .duration("timeout", \.timeout, in: .seconds(1) ... .seconds(86_400)),
            .integer("max_in_flight", \.maxInFlight, in: 1...64),
            .integer("retries", \.retries, in: 0...10),
            .duration("retry_wait", \.retryWait, in: .milliseconds(10) ... .seconds(3600)),
            .field("max_edge", \.maxEdge, read: { value, _ in
                let edge = try TOMLReader.integer(value, in: 0...16384)
                return edge == 0 ? nil : edge
            }, show: { $0.map(String.init) ?? "0" }),
            .choice("input_format", \.inputFormat),
            .strings("command", \.command, expected: #"the program and its arguments, such as ["python3", "style.py", "--input", "{input}"]"#),
            .path("working_directory", \.workingDirectory),
            .styleText("url", \.url),
            .field("version", \.version, read: { value, _ in try TOMLReader.string(value, expected: "a model version id (a text)") },
                   show: { $0.map(TOMLReader.quoted) ?? "(not set)" }),
            .field("model", \.model, read: { value, _ in
                let text = try TOMLReader.string(value, expected: #"a model name such as "owner/name""#)
                guard text.split(separator: "/", omittingEmptySubsequences: false).count == 2, !text.hasPrefix("/"), !text.hasSuffix("/") else {
                    throw ValueProblem(expected: #"a model name such as "owner/name""#, found: TOMLReader.quoted(text))
                }
                return text
            }, show: { $0.map(TOMLReader.quoted) ?? "(not set)" }),
            .styleText("token_env", \.tokenVariable),
            .duration("request_timeout", \.requestTimeout, in: .seconds(1) ... .seconds(3600)),
            .duration("poll_interval", \.pollInterval, in: .milliseconds(50) ... .seconds(600)),
        ],
        reserved: ["input", "defaults"]
    )

    /// Keys that mean something for one kind only.
    static let commandOnly: Set = ["command", "working_directory"]
    static let httpOnly: Set = ["url", "version", "model", "token_env", "request_timeout", "poll_interval", "input"]

    /// Reads `[generators.<name>]` at `path`: the kind first (its defaults differ), then the keys.
    static func decode(name: String, table: TOMLTable, path: ConfigPath, file: String,
                       context: ConfigContext) throws(ConfigError) -> GeneratorSettings {
        guard let typeValue = table["type"] else {
            throw ConfigError(file: file, keyPath: path.appending("type").description,
                              message: #"missing; expected "command" (a program run here) or "http" (the Replicate predictions protocol)"#)
        }
        let kind: Kind
        do { kind = try TOMLReader.choice(typeValue, of: Kind.self) } catch {
            throw ConfigError(file: file, keyPath: path.appending("type").description, message: error.message)
        }
        var settings = GeneratorSettings(name: name, kind: kind)
        for change in try schema.decode(table, at: path, file: file, context: context) { change(&settings) }

        let other = kind == .command ? httpOnly : commandOnly
        if let key = table.keys.sorted().first(where: { other.contains($0) }) {
            throw ConfigError(file: file, keyPath: path.appending(key).description,
                              message: "only for type = \"\(kind == .command ? "http" : "command")\"; this generator is type = \"\(kind.rawValue)\"")
        }
        for key in ["input", "defaults"] {
            guard let value = table[key] else { continue }
            guard case .table(let fields) = StyleValue(toml: value) else {
                throw ConfigError(file: file, keyPath: path.appending(key).description,
                                  message: "expected a table ([\(path.appending(key))]), found \(TOMLReader.describe(value))")
            }
            if key == "input" { settings.input = fields } else { settings.defaults = fields }
        }
        try settings.checkTemplates(path: path, file: file)

        switch kind {
        case .command:
            guard !settings.command.isEmpty else {
                throw ConfigError(file: file, keyPath: path.appending("command").description,
                                  message: #"missing; expected the program and its arguments, such as ["python3", "style.py", "--input", "{input}", "--output", "{output}"]"#)
            }
            guard settings.command.contains(where: { $0.contains("{output}") }) else {
                throw ConfigError(file: file, keyPath: path.appending("command").description,
                                  message: "names no {output}: the command must be told where to write its result")
            }
        case .http:
            guard settings.url.hasPrefix("http://") || settings.url.hasPrefix("https://") else {
                throw ConfigError(file: file, keyPath: path.appending("url").description,
                                  message: "expected an http:// or https:// address, found \(TOMLReader.quoted(settings.url))")
            }
            while settings.url.hasSuffix("/") { settings.url.removeLast() }
            guard (settings.version == nil) != (settings.model == nil) else {
                throw ConfigError(file: file, keyPath: path.appending("version").description,
                                  message: #"expected either version = "<model version id>" or model = "owner/name" (one of the two)"#)
            }
            guard let token = context.environment[settings.tokenVariable], !token.isEmpty else {
                throw ConfigError(file: file, keyPath: path.appending("token_env").description,
                                  message: "$\(settings.tokenVariable) is not set in the environment; the API token is read from it "
                                  + "(for the systemd unit: systemctl --user edit hotfolders, then Environment=\(settings.tokenVariable)=...)")
            }
            settings.token = token
        }
        return settings
    }

    /// Every template must parse (balanced braces) so a typo shows at load, not per photo.
    private func checkTemplates(path: ConfigPath, file: String) throws(ConfigError) {
        for (index, element) in command.enumerated() {
            if let problem = StyleTemplate.syntaxProblem(element) {
                throw ConfigError(file: file, keyPath: path.appending("command").description,
                                  message: "element \(index + 1) \(TOMLReader.quoted(element)): \(problem)")
            }
        }
        for (key, value) in input {
            if let text = value.text, let problem = StyleTemplate.syntaxProblem(text) {
                throw ConfigError(file: file, keyPath: path.appending("input").appending(key).description, message: problem)
            }
        }
    }
}

extension ConfigSetting {
    /// A non-empty text.
    fileprivate static func styleText(_ name: String, _ field: WritableKeyPath<Root, String> & Sendable) -> ConfigSetting {
        .field(name, field, read: { value, _ in try TOMLReader.string(value, expected: "a text") }, show: { TOMLReader.quoted($0) })
    }
}
