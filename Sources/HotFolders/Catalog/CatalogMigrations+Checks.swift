import GRDB

extension CatalogMigrations {
    /// "v8-checks": the catalog's own health checks (the quick one at every agent start, the
    /// full `hotfolders catalog check`), so `status` can say when it was last found sound.
    static func registerChecks(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-checks") { db in
            try db.execute(sql: """
                CREATE TABLE catalog_check (
                    id       INTEGER PRIMARY KEY AUTOINCREMENT,
                    checked  TEXT    NOT NULL CHECK (checked GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
                    kind     TEXT    NOT NULL CHECK (kind IN ('quick', 'full')),
                    -- how many problems it found; 0 is a sound catalog (and, for a full check, files)
                    problems INTEGER NOT NULL CHECK (problems >= 0),
                    summary  TEXT    NOT NULL
                );
                """)
        }
    }
}
