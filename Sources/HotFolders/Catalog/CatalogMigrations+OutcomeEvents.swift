import GRDB

extension CatalogMigrations {
    /// "v7-outcome-events": photos whose outcome is committed but whose event line is not yet
    /// in the log. The line is written after the commit, so a crash (or a full event-log disk)
    /// in between would leave the log without it; the agent logs `recovered` for these at start.
    static func registerOutcomeEvents(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-outcome-events") { db in
            try db.execute(sql: """
                CREATE TABLE outcome_unlogged (
                    photo_id INTEGER PRIMARY KEY REFERENCES photo(id) ON DELETE CASCADE,
                    status   TEXT    NOT NULL CHECK (status IN ('done', 'failed'))
                );
                -- In the schema, not in the callers: every commit of an outcome owes its event,
                -- in the same transaction as the outcome itself.
                CREATE TRIGGER photo_outcome_owes_event AFTER UPDATE OF status ON photo
                WHEN NEW.status IN ('done', 'failed') AND OLD.status IS NOT NEW.status
                BEGIN
                    INSERT INTO outcome_unlogged (photo_id, status) VALUES (NEW.id, NEW.status)
                    ON CONFLICT (photo_id) DO UPDATE SET status = excluded.status;
                END;
                """)
        }
    }
}
