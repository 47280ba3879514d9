import Foundation
import GRDB

/// One file written to the outbox, as the catalog records it.
public struct OutputRecord: Sendable, Equatable {
    public var variant: String
    /// Relative to root ("outbox/Album/web/IMG_1.webp").
    public var path: String
    public var bytes: Int64
    public var sha256: String
    public var width: Int
    public var height: Int
    public var format: String
    /// Lower-case hex, for S3's Content-MD5 and ETags and the manifest; computed from the bytes
    /// when they are written (nil for rows from before it was, until the manifest fills it in).
    public var md5: String?

    public init(variant: String, path: String, bytes: Int64, sha256: String, width: Int, height: Int, format: String,
                md5: String? = nil) {
        self.variant = variant; self.path = path; self.bytes = bytes; self.sha256 = sha256
        self.width = width; self.height = height; self.format = format; self.md5 = md5
    }
}

/// The `output` table row behind an `OutputRecord`: the value plus its owner and when it was written.
extension OutputRecord: FetchableRecord, TableRecord {
    public static let databaseTableName = "output"

    public init(row: Row) throws {
        self.init(variant: row["variant"], path: row["path"], bytes: row["bytes"], sha256: row["sha256"],
                  width: row["width"], height: row["height"], format: row["format"], md5: row["md5"])
    }

    func insert(_ db: Database, photoID: Int64, written: String) throws {
        try db.execute(sql: """
            INSERT INTO output (photo_id, variant, path, bytes, sha256, width, height, format, written, md5)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [photoID, variant, path, bytes, sha256, width, height, format, written, md5])
    }
}
