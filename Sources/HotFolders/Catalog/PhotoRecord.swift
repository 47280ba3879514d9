import Foundation
import GRDB

/// Where a photo is in its life (DESIGN.md): `queued` (seen, waiting for a worker or left by a
/// crash), `processing`, then `done`, `failed` or `duplicate` (same content as an earlier photo
/// in the album, not processed again).
public enum PhotoStatus: String, Sendable, CaseIterable, Codable, DatabaseValueConvertible {
    case queued, processing, done, failed, duplicate
}

/// One row of the `photo` table: a file seen in an album, by content.
public struct PhotoRecord: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var album: String
    /// The path relative to the album folder ("day 2/IMG_1.jpg").
    public var originalName: String
    public var size: Int64
    /// Lowercase hex, 64 characters.
    public var sha256: String
    public var status: PhotoStatus
    /// The stage running now, or the one that failed.
    public var stage: String?
    public var errorReason: String?
    public var errorDetail: String?
    /// For a duplicate, the row of the first copy.
    public var duplicateOf: Int64?
    public var disposition: Disposition?
    /// Where the original went, relative to root.
    public var dispositionPath: String?
    /// Why the original is still in the inbox although put away (a read-only album), if it is.
    public var leftInInbox: String?
    public var firstSeen: Date
    public var updated: Date
    public var finished: Date?
}

extension PhotoRecord: FetchableRecord, TableRecord {
    public static let databaseTableName = "photo"

    /// The `photo` columns, for GRDB query interface requests.
    public enum Columns {
        public static let id = Column("id")
        public static let album = Column("album")
        public static let originalName = Column("original_name")
        public static let sha256 = Column("sha256")
        public static let status = Column("status")
        public static let disposition = Column("disposition")
        public static let updated = Column("updated")
    }

    public init(row: Row) throws {
        id = row["id"]
        album = row["album"]
        originalName = row["original_name"]
        size = row["size"]
        sha256 = row["sha256"]
        status = row["status"]
        stage = row["stage"]
        errorReason = row["error_reason"]
        errorDetail = row["error_detail"]
        duplicateOf = row["duplicate_of"]
        disposition = row["disposition"]
        dispositionPath = row["disposition_path"]
        leftInInbox = row["left_in_inbox"]
        firstSeen = try Timestamp.required(row, "first_seen")
        updated = try Timestamp.required(row, "updated")
        finished = try Timestamp.optional(row, "finished")
    }
}

extension Timestamp {
    /// A time column of a catalog row, read back to a `Date`.
    static func required(_ row: Row, _ column: String) throws -> Date {
        let text: String = row[column]
        guard let date = Timestamp.date(from: text) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "\(column): not an ISO 8601 time: \(text)")
        }
        return date
    }

    static func optional(_ row: Row, _ column: String) throws -> Date? {
        let text: String? = row[column]
        return text == nil ? nil : try required(row, column)
    }
}
