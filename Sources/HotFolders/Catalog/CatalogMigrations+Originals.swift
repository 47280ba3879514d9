import GRDB

extension CatalogMigrations {
    /// "v6-h1-originals": an original put away (copied to originals/ or failed/) that the inbox
    /// still holds because the album is read-only, and why; such a file is done, not waiting, and
    /// is never copied again.
    static func registerOriginals(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-h1-originals") { db in
            try db.execute(sql: """
                ALTER TABLE photo ADD COLUMN left_in_inbox TEXT
                    CHECK (left_in_inbox IS NULL OR (disposition IS NOT NULL AND length(left_in_inbox) > 0));
                """)
        }
    }
}
