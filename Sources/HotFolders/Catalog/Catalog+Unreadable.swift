import GRDB

extension Catalog {
    /// Records a file found unreadable; returns false when it was recorded already as it is now
    /// (same signature), so the caller says nothing new.
    public func recordUnreadable(album: String, name: String, reason: String, detail: String, signature: String) throws -> Bool {
        try write { db, now in
            let known = try String.fetchOne(db, sql: """
                SELECT signature FROM unreadable_file WHERE album = ? AND original_name = ?
                """, arguments: [album, name])
            guard known != signature else { return false }
            try db.execute(sql: """
                INSERT INTO unreadable_file (album, original_name, reason, detail, signature, seen) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (album, original_name) DO UPDATE
                SET reason = excluded.reason, detail = excluded.detail, signature = excluded.signature, seen = excluded.seen
                """, arguments: [album, name, reason, detail, signature, now])
            return true
        }
    }

    /// The files recorded unreadable, in every album or one, newest first.
    public func unreadableFiles(album: String? = nil) throws -> [UnreadableFile] {
        try read { db in
            try UnreadableFile.fetchAll(db, sql: """
                SELECT * FROM unreadable_file \(album == nil ? "" : "WHERE album = ?") ORDER BY seen DESC
                """, arguments: StatementArguments(album.map { [$0] } ?? []))
        }
    }

    /// The file could be read after all (its mode was set right): it is a photo like any other now.
    static func forgetUnreadable(_ db: Database, album: String, name: String) throws {
        try db.execute(sql: "DELETE FROM unreadable_file WHERE album = ? AND original_name = ?", arguments: [album, name])
    }
}
