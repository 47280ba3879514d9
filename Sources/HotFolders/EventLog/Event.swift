import Foundation

/// One line of the event log: what happened to which photo, when, and how it ended.
public struct Event: Sendable, Equatable, Codable {
    /// How much an operator should care, least first; `log --level` shows a level and those above.
    public enum Level: String, Sendable, Codable, CaseIterable, Comparable {
        case debug, info, warning, error
        public static func < (a: Level, b: Level) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public var time: Date
    public var level: Level
    /// What happened, as the log spells it (`processed`, `failed`, ...): an `EventKind`'s raw
    /// value in every line this version writes. A line read back from another version may hold a
    /// name this one does not know; it is kept as it is, so `hotfolders log` still shows it.
    public var event: String
    public var album: String?
    /// The original's path relative to its album folder.
    public var file: String?
    /// Output paths relative to root.
    public var outputs: [String]?
    /// Milliseconds the photo took.
    public var ms: Int?
    public var stage: String?
    /// Plain-words reason, for failures and skips.
    public var reason: String?
    /// The library's own message.
    public var detail: String?
    /// Anything else worth a field (e.g. "duplicate_of", "mode"). Written as top-level keys;
    /// a key that clashes with one of the fields above is not written.
    public var fields: [String: String]?

    public init(_ kind: EventKind, level: Level = .info, album: String? = nil, file: String? = nil,
                outputs: [String]? = nil, ms: Int? = nil, stage: String? = nil, reason: String? = nil,
                detail: String? = nil, fields: [String: String]? = nil, time: Date = Date()) {
        self.init(named: kind.rawValue, level: level, album: album, file: file, outputs: outputs, ms: ms, stage: stage,
                  reason: reason, detail: detail, fields: fields, time: time)
    }

    /// An event under any name: for lines read back from the log, which may come from another version.
    init(named event: String, level: Level = .info, album: String? = nil, file: String? = nil,
         outputs: [String]? = nil, ms: Int? = nil, stage: String? = nil, reason: String? = nil,
         detail: String? = nil, fields: [String: String]? = nil, time: Date = Date()) {
        self.time = time; self.level = level; self.event = event; self.album = album; self.file = file
        self.outputs = outputs; self.ms = ms; self.stage = stage; self.reason = reason; self.detail = detail
        self.fields = fields
    }

    /// What happened, or nil for a name this version does not know (see `event`).
    public var kind: EventKind? { EventKind(rawValue: event) }

    /// The keys of the fixed fields, in the order a line writes them.
    public static let standardKeys = ["time", "level", "event", "album", "file", "outputs", "ms", "stage", "reason", "detail"]
}

/// The log's own shape: `fields` flattened into top-level keys, `time` as ISO 8601 text. Lines are
/// written by `Event.jsonLine` (which also fixes the key order); this is for reading them back.
extension Event {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let timeText = try container.decode(String.self, forKey: Key("time"))
        guard let time = Timestamp.date(from: timeText) else {
            throw DecodingError.dataCorruptedError(forKey: Key("time"), in: container,
                                                   debugDescription: "not an ISO 8601 UTC time: \(timeText)")
        }
        self.init(named: try container.decode(String.self, forKey: Key("event")),
                  level: try container.decode(Level.self, forKey: Key("level")),
                  album: try container.decodeIfPresent(String.self, forKey: Key("album")),
                  file: try container.decodeIfPresent(String.self, forKey: Key("file")),
                  outputs: try container.decodeIfPresent([String].self, forKey: Key("outputs")),
                  ms: try container.decodeIfPresent(Int.self, forKey: Key("ms")),
                  stage: try container.decodeIfPresent(String.self, forKey: Key("stage")),
                  reason: try container.decodeIfPresent(String.self, forKey: Key("reason")),
                  detail: try container.decodeIfPresent(String.self, forKey: Key("detail")),
                  time: time)
        var fields: [String: String] = [:]
        for key in container.allKeys where !Event.standardKeys.contains(key.stringValue) {
            // Extra fields are strings when we write them; take another writer's scalars as text.
            if let text = try? container.decode(String.self, forKey: key) {
                fields[key.stringValue] = text
            } else if let number = try? container.decode(Int.self, forKey: key) {
                fields[key.stringValue] = String(number)
            } else if let number = try? container.decode(Double.self, forKey: key) {
                fields[key.stringValue] = String(number)
            } else if let flag = try? container.decode(Bool.self, forKey: key) {
                fields[key.stringValue] = String(flag)
            }
        }
        self.fields = fields.isEmpty ? nil : fields
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(Timestamp.string(time), forKey: Key("time"))
        try container.encode(level, forKey: Key("level"))
        try container.encode(event, forKey: Key("event"))
        try container.encodeIfPresent(album, forKey: Key("album"))
        try container.encodeIfPresent(file, forKey: Key("file"))
        try container.encodeIfPresent(outputs, forKey: Key("outputs"))
        try container.encodeIfPresent(ms, forKey: Key("ms"))
        try container.encodeIfPresent(stage, forKey: Key("stage"))
        try container.encodeIfPresent(reason, forKey: Key("reason"))
        try container.encodeIfPresent(detail, forKey: Key("detail"))
        for (key, value) in fields ?? [:] where !Event.standardKeys.contains(key) {
            try container.encode(value, forKey: Key(key))
        }
    }
}
