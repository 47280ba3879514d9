import GRDB

extension Catalog {
    /// Photos done and left in the inbox, deliberately (`after = "keep"`) or because the album
    /// is read-only: name (relative to the album folder) -> size, so the agent's periodic
    /// reconcile need not read them again. A file of that name but another size (a camera card
    /// formatted and filled again reuses `DSC_0001.JPG`) is a new photo and is read.
    public func keptNames(album: String) throws -> [String: Int64] {
        try read { db in
            var kept: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT original_name, size FROM photo WHERE album = ? AND (disposition = 'kept' OR left_in_inbox IS NOT NULL)
                """, arguments: [album]) {
                kept[row[0]] = row[1]
            }
            return kept
        }
    }
}
