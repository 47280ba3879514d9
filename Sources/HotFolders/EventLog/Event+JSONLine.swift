import Foundation

extension Event {
    /// The event as one line of JSON, without the newline: keys in a fixed order (time, level,
    /// event, album, file, outputs, ms, stage, reason, detail, then `fields` sorted by key),
    /// absent values left out. Control characters are escaped, so a file name with a newline
    /// stays on its line; everything else, non-ASCII included, is written as UTF-8.
    public var jsonLine: String { String(decoding: jsonLineBytes, as: UTF8.self) }

    /// `jsonLine` as UTF-8 bytes.
    public var jsonLineBytes: [UInt8] {
        var out = JSONLineWriter()
        out.string("time", Timestamp.string(time))
        out.string("level", level.rawValue)
        out.string("event", event)
        if let album { out.string("album", album) }
        if let file { out.string("file", file) }
        if let outputs { out.strings("outputs", outputs) }
        if let ms { out.number("ms", ms) }
        if let stage { out.string("stage", stage) }
        if let reason { out.string("reason", reason) }
        if let detail { out.string("detail", detail) }
        for (key, value) in (fields ?? [:]).sorted(by: { $0.key < $1.key }) where !Event.standardKeys.contains(key) {
            out.string(key, value)
        }
        return out.finish()
    }

    /// Reads one line of the log back; nil for a line that is not an event (torn, hand-edited, ...).
    public init?(jsonLine: some StringProtocol) {
        guard let data = jsonLine.data(using: .utf8),
              let event = try? JSONDecoder().decode(Event.self, from: data)
        else { return nil }
        self = event
    }
}

/// Builds one JSON object byte by byte, keys in the order they are added.
struct JSONLineWriter {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]

    mutating func string(_ key: String, _ value: String) {
        self.key(key)
        Self.append(quoted: value, to: &bytes)
    }

    mutating func strings(_ key: String, _ values: [String]) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            Self.append(quoted: value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func number(_ key: String, _ value: Int) {
        self.key(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private mutating func key(_ key: String) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        Self.append(quoted: key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// A Swift string is valid UTF-8, so every byte >= 0x80 is part of a whole character and
    /// passes through; only quotes, backslashes and control characters need escaping.
    static func append(quoted string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x00..<0x20, 0x7F:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
