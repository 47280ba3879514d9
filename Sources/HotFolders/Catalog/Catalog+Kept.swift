import GRDB

extension Catalog {
    /// Names (relative to the album folder) of photos done and left in the inbox, deliberately
    /// (`after = "keep"`) or because the album is read-only, so the agent's periodic reconcile
    /// need not read them again.
    public func keptNames(album: String) throws -> Set<String> {
        try database.read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT original_name FROM photo WHERE album = ? AND (disposition = 'kept' OR left_in_inbox IS NOT NULL)
                """, arguments: [album]))
        }
    }
}
