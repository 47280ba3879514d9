import GRDB

extension CatalogMigrations {
    /// "v4-deploy": each output's MD5 (S3 verifies uploads by it), a photo's deploy state, every
    /// object put on a store, the CloudFront paths waiting for their window, and what the album
    /// manifest says about a photo besides its outputs.
    static func registerDeploy(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-deploy") { db in
            try db.execute(sql: """
                -- Filled in once the outputs are recorded (read back from the outbox); NULL until then.
                ALTER TABLE output ADD COLUMN md5 TEXT CHECK (md5 IS NULL OR (length(md5) = 32 AND md5 NOT GLOB '*[^0-9a-f]*'));

                -- One row per photo of an album that deploys: `pending` from the moment its outputs
                -- are recorded until every one of them is verified on the store.
                CREATE TABLE deploy (
                    photo_id   INTEGER PRIMARY KEY REFERENCES photo(id) ON DELETE CASCADE,
                    album      TEXT    NOT NULL CHECK (length(album) > 0),
                    status     TEXT    NOT NULL CHECK (status IN ('pending', 'deployed', 'failed')),
                    -- passes that ended in a transient failure since the last success
                    attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                    -- a pending photo is not tried again before this (backoff across passes)
                    not_before TEXT    CHECK (not_before GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
                    error      TEXT,
                    updated    TEXT    NOT NULL CHECK (updated GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
                    CHECK (status != 'failed' OR error IS NOT NULL),
                    CHECK (status = 'pending' OR not_before IS NULL)
                );
                CREATE INDEX deploy_album_status ON deploy(album, status);

                -- An object verified on a store: written only after the server answered 200 and its
                -- ETag matched the MD5 of what was sent. `destination` is the endpoint and bucket.
                CREATE TABLE deployed_object (
                    destination   TEXT    NOT NULL CHECK (length(destination) > 0),
                    key           TEXT    NOT NULL CHECK (length(key) > 0),
                    album         TEXT    NOT NULL,
                    -- the photo and outbox file it came from; NULL for an album manifest
                    photo_id      INTEGER REFERENCES photo(id) ON DELETE SET NULL,
                    path          TEXT,
                    sha256        TEXT    NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
                    md5           TEXT    NOT NULL CHECK (length(md5) = 32 AND md5 NOT GLOB '*[^0-9a-f]*'),
                    etag          TEXT    NOT NULL CHECK (length(etag) > 0),
                    bytes         INTEGER NOT NULL CHECK (bytes >= 0),
                    parts         INTEGER NOT NULL CHECK (parts >= 1),
                    content_type  TEXT    NOT NULL,
                    cache_control TEXT    NOT NULL,
                    url           TEXT    NOT NULL,
                    deployed      TEXT    NOT NULL CHECK (deployed GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
                    PRIMARY KEY (destination, key)
                ) WITHOUT ROWID;
                CREATE INDEX deployed_object_photo ON deployed_object(photo_id) WHERE photo_id IS NOT NULL;

                -- CloudFront paths changed by deploys and not yet sent: at most one request per
                -- album per window, so paths gather here between requests.
                CREATE TABLE cdn_invalidation (
                    distribution TEXT NOT NULL CHECK (length(distribution) > 0),
                    album        TEXT NOT NULL,
                    -- JSON array of paths ("/albums/Trip/manifest.json")
                    waiting      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(waiting) AND json_type(waiting) = 'array'),
                    last_sent    TEXT CHECK (last_sent GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
                    last_id      TEXT,
                    PRIMARY KEY (distribution, album)
                ) WITHOUT ROWID;

                -- What the album manifest tells about a photo besides its outputs, as known when
                -- its outputs were recorded (the metadata rule fills it once it runs).
                CREATE TABLE manifest_photo (
                    photo_id INTEGER PRIMARY KEY REFERENCES photo(id) ON DELETE CASCADE,
                    place    TEXT,
                    -- UTC, ISO 8601 with a Z
                    captured TEXT CHECK (captured GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')
                );
                """)
        }
    }
}
