import Foundation
import GRDB

/// Reads for the `status` command, the pipeline and tests. Each is one read transaction on a
/// WAL snapshot, so it never waits for a writer.
extension Catalog {
    /// Every album in the catalog (or just `album`), with its rows counted by status, by name.
    public func summary(album: String? = nil) throws -> [AlbumSummary] {
        try read { db in
            var filter = ""
            var arguments: StatementArguments = []
            if let album { filter = "WHERE album = ?"; arguments = [album] }
            let rows = try Row.fetchAll(db, sql: """
                SELECT album, status, count(*) AS n, sum(disposition = 'kept' OR left_in_inbox IS NOT NULL) AS kept
                FROM photo \(filter) GROUP BY album, status ORDER BY album
                """, arguments: arguments)
            var summaries: [AlbumSummary] = []
            for row in rows {
                let name: String = row["album"]
                if summaries.last?.album != name { summaries.append(AlbumSummary(album: name)) }
                let status: PhotoStatus = row["status"]
                summaries[summaries.count - 1].counts[status] = row["n"]
                summaries[summaries.count - 1].kept += row["kept"] ?? 0
            }
            return summaries
        }
    }

    /// The most recent failures, newest first.
    public func latestFailures(limit: Int = 10, album: String? = nil) throws -> [FailureSummary] {
        try read { db in
            var filter = ""
            var arguments: StatementArguments = [limit]
            if let album { filter = "AND album = ?"; arguments = [album, limit] }
            return try Row.fetchAll(db, sql: """
                SELECT id, album, original_name, stage, error_reason, error_detail, updated
                FROM photo WHERE status = 'failed' \(filter)
                ORDER BY updated DESC, id DESC LIMIT ?
                """, arguments: arguments).map { row in
                FailureSummary(photoID: row["id"], album: row["album"], file: row["original_name"], stage: row["stage"],
                               reason: row["error_reason"] ?? "", detail: row["error_detail"],
                               time: try Timestamp.required(row, "updated"))
            }
        }
    }

    public func photo(id: Int64) throws -> PhotoRecord? {
        try read { db in try PhotoRecord.fetchOne(db, key: id) }
    }

    /// Photos in the order they were first seen, optionally of one album and/or one status.
    public func photos(album: String? = nil, status: PhotoStatus? = nil) throws -> [PhotoRecord] {
        try read { db in
            var request = PhotoRecord.all()
            if let album { request = request.filter(PhotoRecord.Columns.album == album) }
            if let status { request = request.filter(PhotoRecord.Columns.status == status) }
            return try request.order(PhotoRecord.Columns.id).fetchAll(db)
        }
    }

    /// The canonical row (not a duplicate) holding this content in this album, if any.
    public func photo(album: String, sha256: String) throws -> PhotoRecord? {
        try read { db in
            try PhotoRecord.fetchOne(db, sql: "SELECT * FROM photo WHERE album = ? AND sha256 = ? AND status != 'duplicate'",
                                     arguments: [album, sha256])
        }
    }

    /// A photo's outputs, in the order they were recorded.
    public func outputs(photoID: Int64) throws -> [OutputRecord] {
        try read { db in
            try OutputRecord.fetchAll(db, sql: "SELECT * FROM output WHERE photo_id = ? ORDER BY id", arguments: [photoID])
        }
    }

    /// A photo's stages, in the order they started.
    public func stages(photoID: Int64) throws -> [StageRecord] {
        try read { db in
            try StageRecord.fetchAll(db, sql: "SELECT * FROM stage WHERE photo_id = ? ORDER BY started, name",
                                     arguments: [photoID])
        }
    }

    /// How many photos have `status`, in every album or in one.
    public func count(status: PhotoStatus, album: String? = nil) throws -> Int {
        try read { db in
            var request = PhotoRecord.filter(PhotoRecord.Columns.status == status)
            if let album { request = request.filter(PhotoRecord.Columns.album == album) }
            return try request.fetchCount(db)
        }
    }

    /// `count(status:)` by the status's name as stored ("done"); 0 for a name that is not a status.
    public func count(status: String, album: String? = nil) throws -> Int {
        guard let known = PhotoStatus(rawValue: status) else { return 0 }
        return try count(status: known, album: album)
    }
}
