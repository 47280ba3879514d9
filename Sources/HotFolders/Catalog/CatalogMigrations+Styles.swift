import GRDB

extension CatalogMigrations {
    /// "v3-styles": one row per style made (or tried) of a photo, with the seed that made it so
    /// `hotfolders restyle` can make it again, and the generator's request as sent.
    static func registerStyles(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-styles") { db in
            try db.execute(sql: """
                CREATE TABLE style_result (
                    photo_id         INTEGER NOT NULL REFERENCES photo(id) ON DELETE CASCADE,
                    -- the style's name, which is also its outbox folder (the output's variant)
                    style            TEXT    NOT NULL CHECK (length(style) > 0 AND instr(style, '/') = 0),
                    -- "built-in", or the styles file or configuration that defined it
                    source           TEXT    NOT NULL,
                    -- "built-in" for a look, else the generator's name
                    backend          TEXT    NOT NULL CHECK (length(backend) > 0),
                    look             TEXT,
                    seed             INTEGER NOT NULL CHECK (seed BETWEEN 0 AND 4294967295),
                    prompt           TEXT,
                    negative_prompt  TEXT,
                    lora_scale       REAL,
                    text_encoder_scale REAL,
                    -- every field of the style's entry as used (a JSON object), look parameters included
                    parameters       TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(parameters) AND json_type(parameters) = 'object'),
                    status           TEXT    NOT NULL CHECK (status IN ('done', 'failed')),
                    -- tries in the latest run, retries included
                    attempts         INTEGER NOT NULL CHECK (attempts >= 1),
                    -- the generator's id for the request (a prediction id)
                    remote_id        TEXT,
                    -- relative to root; set when the output row is written (trigger below)
                    output_path      TEXT    CHECK (output_path IS NULL OR (length(output_path) > 0 AND substr(output_path, 1, 1) != '/')),
                    error            TEXT,
                    error_detail     TEXT,
                    started          TEXT    NOT NULL CHECK (started GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
                    finished         TEXT    NOT NULL CHECK (finished GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
                    PRIMARY KEY (photo_id, style),
                    CHECK ((status = 'failed') = (error IS NOT NULL)),
                    CHECK (status = 'done' OR output_path IS NULL)
                ) WITHOUT ROWID;
                CREATE INDEX style_result_failed ON style_result(finished) WHERE status = 'failed';

                -- A style's result is an output whose variant is the style's name: whoever records
                -- that output (the pipeline, `restyle`) also fills in where the result is.
                CREATE TRIGGER style_result_output AFTER INSERT ON output BEGIN
                    UPDATE style_result SET output_path = NEW.path
                    WHERE photo_id = NEW.photo_id AND style = NEW.variant AND status = 'done';
                END;
                """)
        }
    }
}
