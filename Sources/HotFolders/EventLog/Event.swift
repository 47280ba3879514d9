import Foundation

/// One line of the event log.
public struct Event: Sendable, Equatable, Codable {
    public enum Level: String, Sendable, Codable, CaseIterable, Comparable {
        case debug, info, warning, error
        public static func < (a: Level, b: Level) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public var time: Date
    public var level: Level
    /// What happened: processed, failed, duplicate, skipped, started, ...
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
    /// Anything else worth a field (e.g. "duplicate_of", "mode").
    public var fields: [String: String]?

    public init(_ event: String, level: Level = .info, album: String? = nil, file: String? = nil,
                outputs: [String]? = nil, ms: Int? = nil, stage: String? = nil, reason: String? = nil,
                detail: String? = nil, fields: [String: String]? = nil, time: Date = Date()) {
        self.time = time; self.level = level; self.event = event; self.album = album; self.file = file
        self.outputs = outputs; self.ms = ms; self.stage = stage; self.reason = reason; self.detail = detail
        self.fields = fields
    }
}
