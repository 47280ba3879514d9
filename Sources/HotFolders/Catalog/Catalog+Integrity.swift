import Foundation
import GRDB

/// A check of the catalog, as `status` reports it.
public struct CatalogCheckRecord: Sendable, Equatable {
    public enum Kind: String, Sendable, DatabaseValueConvertible { case quick, full }
    public var checked: Date
    public var kind: Kind
    public var problems: Int
    public var summary: String
}

extension Catalog {
    /// SQLite's quick check (every page and b-tree, no index contents): fast enough for every
    /// agent start. A damaged file throws `CatalogError.damaged` and marks the catalog so.
    public func quickCheck() throws {
        let problems: [String]
        do {
            problems = try database.read { db in try Catalog.integrityProblems(db, quick: true) }
        } catch let error as DatabaseError where Catalog.isDamage(error) {
            problems = [error.message ?? "\(error)"]
        }
        guard problems.isEmpty else {
            let message = problems.prefix(3).joined(separator: "; ")
            markDamaged(message)
            throw CatalogError.damaged(path: url.path, message: message)
        }
        try recordCheck(.quick, problems: 0, summary: "ok")
    }

    /// The full check of the file: `integrity_check` (indexes too) and `foreign_key_check`.
    /// Each problem in SQLite's words; empty for a sound catalog.
    public func integrityProblems() throws -> [String] {
        do {
            return try database.read { db in try Catalog.integrityProblems(db, quick: false) }
        } catch let error as DatabaseError where Catalog.isDamage(error) {
            return [error.message ?? "\(error)"]
        }
    }

    /// The one check behind all three (start-up, `catalog check`, a backup's verification):
    /// SQLite's quick or full integrity check, then the foreign keys, each problem in SQLite's
    /// words; empty for a sound file.
    static func integrityProblems(_ db: Database, quick: Bool) throws -> [String] {
        var problems = try String.fetchAll(db, sql: quick ? "PRAGMA quick_check" : "PRAGMA integrity_check").filter { $0 != "ok" }
        for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
            let table: String = row[0], rowid: Int64? = row[1], parent: String = row[2]
            problems.append("\(table) row \(rowid.map(String.init) ?? "?") points at a missing \(parent) row")
        }
        return problems
    }

    func recordCheck(_ kind: CatalogCheckRecord.Kind, problems: Int, summary: String) throws {
        try write { db, now in
            try db.execute(sql: "INSERT INTO catalog_check (checked, kind, problems, summary) VALUES (?, ?, ?, ?)",
                           arguments: [now, kind, problems, summary])
            // The latest few are enough to say where the catalog stands.
            try db.execute(sql: "DELETE FROM catalog_check WHERE id NOT IN (SELECT id FROM catalog_check ORDER BY id DESC LIMIT 20)")
        }
    }

    /// The newest check of each kind.
    public func lastChecks() throws -> [CatalogCheckRecord.Kind: CatalogCheckRecord] {
        try database.read { db in
            var checks: [CatalogCheckRecord.Kind: CatalogCheckRecord] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT checked, kind, problems, summary FROM catalog_check
                WHERE id IN (SELECT max(id) FROM catalog_check GROUP BY kind)
                """) {
                let check = CatalogCheckRecord(checked: try Timestamp.required(row, "checked"), kind: row["kind"],
                                               problems: row["problems"], summary: row["summary"])
                checks[check.kind] = check
            }
            return checks
        }
    }
}
