import GRDB

/// The catalog's schema, one migration per change. Append-only: a migration that has shipped is
/// never edited, a later issue adds "v2", "v3", ... below. Constraints live here, in the schema,
/// so no code path (nor a hand-run `sqlite3`) can store a row the agent would misread.
enum CatalogMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1") { db in
            // Times are ISO 8601 UTC with a Z and milliseconds ("2026-11-21T10:04:05.123Z"),
            // which also sort as text.
            try db.execute(sql: """
                CREATE TABLE photo (
                    id               INTEGER PRIMARY KEY AUTOINCREMENT,
                    album            TEXT    NOT NULL CHECK (length(album) > 0),
                    -- the path relative to the album folder ("day 2/IMG_1.jpg")
                    original_name    TEXT    NOT NULL CHECK (length(original_name) > 0),
                    size             INTEGER NOT NULL CHECK (size >= 0),
                    sha256           TEXT    NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
                    status           TEXT    NOT NULL CHECK (status IN ('queued', 'processing', 'done', 'failed', 'duplicate')),
                    -- the stage running now, or the one that failed
                    stage            TEXT,
                    error_reason     TEXT,
                    error_detail     TEXT,
                    duplicate_of     INTEGER REFERENCES photo(id) ON DELETE RESTRICT,
                    disposition      TEXT    CHECK (disposition IN ('archived', 'deleted', 'kept', 'failed')),
                    -- where the original went, relative to root
                    disposition_path TEXT,
                    first_seen       TEXT    NOT NULL CHECK (first_seen GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
                    updated          TEXT    NOT NULL CHECK (updated GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
                    finished         TEXT    CHECK (finished GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
                    -- a duplicate row, and only a duplicate row, points at the first copy
                    CHECK ((status = 'duplicate') = (duplicate_of IS NOT NULL)),
                    CHECK (status != 'failed' OR error_reason IS NOT NULL)
                );
                -- One canonical row per content per album: the rows every later arrival is checked against.
                CREATE UNIQUE INDEX photo_canonical ON photo(album, sha256) WHERE status != 'duplicate';
                -- One duplicate row per (album, name, content): the same copy arriving again reuses it.
                CREATE UNIQUE INDEX photo_duplicate_arrival ON photo(album, original_name, sha256) WHERE status = 'duplicate';
                CREATE INDEX photo_album_status ON photo(album, status);
                CREATE INDEX photo_status_updated ON photo(status, updated);
                CREATE INDEX photo_duplicate_of ON photo(duplicate_of) WHERE duplicate_of IS NOT NULL;

                CREATE TABLE stage (
                    photo_id INTEGER NOT NULL REFERENCES photo(id) ON DELETE CASCADE,
                    name     TEXT    NOT NULL CHECK (length(name) > 0),
                    status   TEXT    NOT NULL CHECK (status IN ('running', 'done', 'failed')),
                    started  TEXT    NOT NULL,
                    finished TEXT,
                    error    TEXT,
                    PRIMARY KEY (photo_id, name),
                    CHECK ((status = 'running') = (finished IS NULL))
                ) WITHOUT ROWID;

                CREATE TABLE output (
                    id       INTEGER PRIMARY KEY AUTOINCREMENT,
                    photo_id INTEGER NOT NULL REFERENCES photo(id) ON DELETE CASCADE,
                    variant  TEXT    NOT NULL CHECK (length(variant) > 0),
                    -- relative to root ("outbox/Album/web/IMG_1.webp"); one owner per file
                    path     TEXT    NOT NULL UNIQUE CHECK (length(path) > 0 AND substr(path, 1, 1) != '/'),
                    bytes    INTEGER NOT NULL CHECK (bytes >= 0),
                    sha256   TEXT    NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
                    width    INTEGER NOT NULL CHECK (width > 0),
                    height   INTEGER NOT NULL CHECK (height > 0),
                    format   TEXT    NOT NULL CHECK (length(format) > 0),
                    written  TEXT    NOT NULL
                );
                CREATE INDEX output_photo ON output(photo_id);
                """)
        }

        // Later issues register their tables in their own files, in this order.
        registerMetadata(&migrator)
        registerStyles(&migrator)
        registerDeploy(&migrator)
        registerNames(&migrator)
        registerOriginals(&migrator)
        registerOutcomeEvents(&migrator)
        // Last: its test stands for "the release before the newest migration".
        registerChecks(&migrator)
        return migrator
    }
}
