import Foundation
import TOMLKit

/// One value of a style's entry in a styles file, kept as it was written (a text, a whole number,
/// a number, a flag, a list or a table), so a registry such as the seed's `lora_registry.json`
/// is carried over without loss and any of its fields can be handed to a generator.
public enum StyleValue: Sendable, Equatable, Codable, CustomStringConvertible {
    case text(String)
    case integer(Int)
    case number(Double)
    case flag(Bool)
    case list([StyleValue])
    case table([String: StyleValue])

    public var text: String? { if case .text(let value) = self { value } else { nil } }

    /// A whole number or a number, as a Double.
    public var numeric: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// How the value is substituted into a command line or a request: text as is, numbers in
    /// their shortest exact spelling (`0.8`, `24`), lists and tables as JSON.
    public var plain: String {
        switch self {
        case .text(let value): value
        case .integer(let value): String(value)
        case .number(let value): Self.spelled(value)
        case .flag(let value): value ? "true" : "false"
        case .list, .table: json
        }
    }

    /// The value as TOML or JSON would write it: `"text"`, `0.8`, `[1, 2]`.
    public var description: String {
        switch self {
        case .text(let value): TOMLReader.quoted(value)
        case .list(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .table(let values):
            "{ " + values.sorted { $0.key < $1.key }.map { "\(ConfigPath.spelled($0.key)) = \($0.value)" }
                .joined(separator: ", ") + " }"
        default: plain
        }
    }

    /// The value as JSON text.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// `0.8` rather than `0.80000000000000004`; whole numbers without a fraction.
    static func spelled(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    // JSON: a boolean is tried before a number (1 must not become true), a whole number before a
    // fraction (24 stays 24).
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) { self = .flag(value) }
        else if let value = try? container.decode(Int.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .text(value) }
        else if let value = try? container.decode([StyleValue].self) { self = .list(value) }
        else if let value = try? container.decode([String: StyleValue].self) { self = .table(value) }
        else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "null or an unsupported value")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .flag(let value): try container.encode(value)
        case .list(let value): try container.encode(value)
        case .table(let value): try container.encode(value)
        }
    }

    /// A TOML value as a style value; dates and times are kept as their TOML text.
    init(toml value: any TOMLValueConvertible) {
        switch value.type {
        case .string: self = .text(value.string ?? "")
        case .int: self = .integer(value.int ?? 0)
        case .double: self = .number(value.double ?? 0)
        case .bool: self = .flag(value.bool ?? false)
        case .array: self = .list((value.array.map { Array($0) } ?? []).map { StyleValue(toml: $0) })
        case .table:
            var fields: [String: StyleValue] = [:]
            if let table = value.table { for key in table.keys { if let inner = table[key] { fields[key] = StyleValue(toml: inner) } } }
            self = .table(fields)
        case .date, .time, .dateTime: self = .text(value.tomlValue.debugDescription)
        }
    }
}
