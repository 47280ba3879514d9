import Foundation
import TOMLKit

extension StyleRegistry {
    /// The entries of a styles file: JSON (an object of style name -> object of fields, the shape
    /// of the seed pipeline's `lora_registry.json`) or TOML (a table per style, `[Van_Gogh]`),
    /// told apart by the file's first character. Throws a `ConfigError` naming the file and
    /// the style's key.
    static func read(file url: URL) throws(ConfigError) -> [Style] {
        let file = url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            throw ConfigError(file: file, keyPath: nil, message: "the styles file cannot be read: \(reason)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: file, keyPath: nil, message: "is not UTF-8 text; a styles file is JSON or TOML")
        }
        let entries: [(name: String, fields: [String: StyleValue])]
        if text.drop(while: \.isWhitespace).first == "{" {
            do {
                let decoded = try JSONDecoder().decode([String: [String: StyleValue]].self, from: data)
                entries = decoded.map { ($0.key, $0.value) }
            } catch {
                throw ConfigError(file: file, keyPath: nil,
                                  message: "expected a JSON object of styles, each an object of fields (\(Self.describe(error)))")
            }
        } else {
            let table = try TOMLReader.parse(text, file: file)
            var found: [(String, [String: StyleValue])] = []
            for name in table.keys {
                guard let value = table[name], case .table(let fields) = StyleValue(toml: value) else {
                    throw ConfigError(file: file, keyPath: ConfigPath(components: [name]).description,
                                      message: "expected a table of the style's fields ([\(ConfigPath.spelled(name))])")
                }
                found.append((name, fields))
            }
            entries = found
        }
        return try entries.map { entry throws(ConfigError) in
            try decode(name: entry.name, fields: entry.fields, source: .file(url), file: file, path: [])
        }
    }

    /// One entry, its problems turned into a `ConfigError` at `path + [name, key]`.
    static func decode(name: String, fields: [String: StyleValue], source: Style.Source, file: String,
                       path: [String]) throws(ConfigError) -> Style {
        do {
            return try Style.decode(name: name, fields: fields, source: source)
        } catch {
            let keyPath = ConfigPath(components: path + [name] + (error.key.map { [$0] } ?? []))
            throw ConfigError(file: file, keyPath: keyPath.description, message: error.problem.message)
        }
    }

    /// A JSON decoding error in a line: what was wrong and where.
    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
             DecodingError.valueNotFound(_, let context), DecodingError.keyNotFound(_, let context):
            let place = context.codingPath.map(\.stringValue).joined(separator: ".")
            let underlying = (context.underlyingError as NSError?)?.userInfo["NSDebugDescription"] as? String
            return (place.isEmpty ? "" : "at \(place): ") + (underlying ?? context.debugDescription)
        default:
            return "\(error)"
        }
    }
}
