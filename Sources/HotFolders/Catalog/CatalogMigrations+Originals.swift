import GRDB

extension CatalogMigrations {
    /// "v6-originals": an original put away (copied to originals/ or failed/) that the inbox
    /// still holds because the album is read-only, and why; such a file is done, not waiting, and
    /// is never copied again. And files the agent may not read (`UnreadableFile`), reported once.
    static func registerOriginals(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-originals") { db in
            try db.execute(sql: """
                ALTER TABLE photo ADD COLUMN left_in_inbox TEXT
                    CHECK (left_in_inbox IS NULL OR (disposition IS NOT NULL AND length(left_in_inbox) > 0));

                CREATE TABLE unreadable_file (
                    album         TEXT NOT NULL CHECK (length(album) > 0),
                    original_name TEXT NOT NULL CHECK (length(original_name) > 0),
                    reason        TEXT NOT NULL CHECK (length(reason) > 0),
                    detail        TEXT NOT NULL,
                    -- inode, size, mode, owner and times when reported: a change means judge it again
                    signature     TEXT NOT NULL CHECK (length(signature) > 0),
                    seen          TEXT NOT NULL CHECK (seen GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
                    PRIMARY KEY (album, original_name)
                ) WITHOUT ROWID;
                """)
        }
    }
}
