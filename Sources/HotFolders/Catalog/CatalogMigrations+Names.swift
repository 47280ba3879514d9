import GRDB

extension CatalogMigrations {
    /// "v5-names": the name each photo's outputs are called by (the rename rule), claimed once per
    /// album so two photos never share one and a photo processed again gets its own back.
    static func registerNames(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-names") { db in
            try db.execute(sql: """
                CREATE TABLE name_claim (
                    photo_id INTEGER PRIMARY KEY REFERENCES photo(id) ON DELETE CASCADE,
                    album    TEXT    NOT NULL CHECK (length(album) > 0),
                    -- the stem claimed, with the original's subfolders ("day 2/arezzo_tuscany_0010"):
                    -- what the outputs are named after, before a variant's suffix and extension
                    name     TEXT    NOT NULL CHECK (length(name) > 0 AND substr(name, 1, 1) != '/'
                                                     AND substr(name, -1, 1) NOT IN ('/', '_')
                                                     AND instr(name, char(0)) = 0),
                    -- the stem the template gave; name is wanted + '_' + clash when clash > 0
                    wanted   TEXT    NOT NULL CHECK (length(wanted) > 0),
                    clash    INTEGER NOT NULL CHECK (clash >= 0),
                    -- the photo's number in the album, in the order names were claimed ({counter})
                    sequence INTEGER NOT NULL CHECK (sequence >= 1),
                    claimed  TEXT    NOT NULL CHECK (claimed GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
                    CHECK ((clash = 0) = (name = wanted))
                );
                -- One photo per name in an album, whatever the case: outboxes are copied to
                -- case-insensitive disks and stores.
                CREATE UNIQUE INDEX name_claim_name ON name_claim(album, name COLLATE NOCASE);
                CREATE UNIQUE INDEX name_claim_sequence ON name_claim(album, sequence);
                """)
        }
    }
}
