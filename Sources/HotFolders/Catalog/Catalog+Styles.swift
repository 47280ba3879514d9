import Foundation
import GRDB

extension Catalog {
    /// Records one style's result for a photo (replacing an earlier one of the same style).
    public func recordStyle(_ record: StyleResultRecord) throws {
        try write { db, _ in try record.upsert(db) }
    }

    /// A photo's pipeline starts its styles afresh: results of styles it no longer makes go.
    public func forgetStyles(photoID: Int64, except kept: [String]) throws {
        try write { db, _ in
            let placeholders = kept.map { _ in "?" }.joined(separator: ", ")
            let filter = kept.isEmpty ? "" : "AND style NOT IN (\(placeholders))"
            try db.execute(sql: "DELETE FROM style_result WHERE photo_id = ? \(filter)",
                           arguments: StatementArguments([photoID as DatabaseValueConvertible] + kept.map { $0 as DatabaseValueConvertible }))
        }
    }

    /// A result made again by `hotfolders restyle`: the style's row, and its output (replacing
    /// the photo's earlier output of that style) once the file is durably written.
    public func recordRestyle(_ record: StyleResultRecord, output: OutputRecord?) throws {
        try write { db, now in
            try record.upsert(db)
            guard let output else { return }
            try db.execute(sql: "DELETE FROM output WHERE photo_id = ? AND variant = ?", arguments: [record.photoID, output.variant])
            try output.insert(db, photoID: record.photoID, written: now)
            // A photo of an album that deploys has a changed output to send: pending again, so
            // the next pass (and a dry run, and `status`) sees it.
            try db.execute(sql: """
                UPDATE deploy SET status = 'pending', attempts = 0, not_before = NULL, error = NULL, updated = ?
                WHERE photo_id = ? AND status != 'pending'
                """, arguments: [now, record.photoID])
        }
    }

    /// A photo's style results, by style name.
    public func styleResults(photoID: Int64) throws -> [StyleResultRecord] {
        try read { db in
            try StyleResultRecord.fetchAll(db, sql: "SELECT * FROM style_result WHERE photo_id = ? ORDER BY style", arguments: [photoID])
        }
    }

    public func styleResult(photoID: Int64, style: String) throws -> StyleResultRecord? {
        try read { db in
            try StyleResultRecord.fetchOne(db, sql: "SELECT * FROM style_result WHERE photo_id = ? AND style = ?",
                                           arguments: [photoID, style])
        }
    }

    /// Styles that failed, newest first (every one when `limit` is nil), of every album or one.
    public func failedStyles(album: String? = nil, limit: Int? = nil) throws -> [StyleFailureSummary] {
        try read { db in
            var arguments: [DatabaseValueConvertible] = []
            var filter = ""
            if let album { filter = "AND p.album = ?"; arguments.append(album) }
            var tail = ""
            if let limit { tail = "LIMIT ?"; arguments.append(limit) }
            return try Row.fetchAll(db, sql: """
                SELECT s.photo_id, p.album, p.original_name, s.style, s.backend, s.seed, s.error, s.error_detail, s.finished
                FROM style_result s JOIN photo p ON p.id = s.photo_id
                WHERE s.status = 'failed' \(filter)
                ORDER BY s.finished DESC, s.photo_id DESC, s.style \(tail)
                """, arguments: StatementArguments(arguments)).map { row in
                StyleFailureSummary(photoID: row["photo_id"], album: row["album"], file: row["original_name"], style: row["style"],
                                    backend: row["backend"], seed: UInt32(truncatingIfNeeded: row["seed"] as Int64),
                                    reason: row["error"] ?? "", detail: row["error_detail"],
                                    time: try Timestamp.required(row, "finished"))
            }
        }
    }

    /// How many style results failed, per album.
    public func failedStyleCounts(album: String? = nil) throws -> [String: Int] {
        try read { db in
            var filter = ""
            var arguments: StatementArguments = []
            if let album { filter = "AND p.album = ?"; arguments = [album] }
            let rows = try Row.fetchAll(db, sql: """
                SELECT p.album, count(*) AS n FROM style_result s JOIN photo p ON p.id = s.photo_id
                WHERE s.status = 'failed' \(filter) GROUP BY p.album
                """, arguments: arguments)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["album"] as String, $0["n"] as Int) })
        }
    }

    /// The photo that owns the outbox file `path` (relative to root).
    public func photo(outputPath path: String) throws -> PhotoRecord? {
        try read { db in
            try PhotoRecord.fetchOne(db, sql: "SELECT p.* FROM photo p JOIN output o ON o.photo_id = p.id WHERE o.path = ?",
                                     arguments: [path])
        }
    }
}
