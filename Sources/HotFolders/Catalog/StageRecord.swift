import Foundation
import GRDB

/// How far one stage (one rule) got for one photo.
public enum StageStatus: String, Sendable, CaseIterable, Codable, DatabaseValueConvertible {
    case running, done, failed
}

/// One row of the `stage` table: a photo's run through one rule, with its times.
public struct StageRecord: Sendable, Equatable {
    public var photoID: Int64
    /// The rule's name ("preprocess", "watermark", ...).
    public var name: String
    public var status: StageStatus
    public var started: Date
    public var finished: Date?
    /// The plain-words reason, when it failed.
    public var error: String?
}

extension StageRecord: FetchableRecord, TableRecord {
    public static let databaseTableName = "stage"

    public init(row: Row) throws {
        photoID = row["photo_id"]
        name = row["name"]
        status = row["status"]
        started = try Timestamp.required(row, "started")
        finished = try Timestamp.optional(row, "finished")
        error = row["error"]
    }
}
