import GRDB

extension Catalog {
    /// The photo's outcome event is in the log: nothing is owed for it any more. Not a commit
    /// of its own: the debt is cleared within the catalog's next write (another photo's) or by
    /// `flushLoggedOutcomes`. A crash before that costs only a second, `recovered`, line.
    public func recordOutcomeLogged(photoID: Int64) {
        loggedOutcomes.withLock { _ = $0.insert(photoID) }
    }

    /// Clears the debts noted by `recordOutcomeLogged` now (a batch's end, the agent stopping).
    public func flushLoggedOutcomes() {
        guard loggedOutcomes.withLock({ !$0.isEmpty }) else { return }
        try? write { _, _ in }
    }

    /// Inside a write transaction: deletes the debts noted since the last write.
    func clearLoggedOutcomes(_ db: Database, _ photoIDs: Set<Int64>) throws {
        guard !photoIDs.isEmpty else { return }
        try db.execute(sql: "DELETE FROM outcome_unlogged WHERE photo_id IN (\(photoIDs.map(String.init).joined(separator: ",")))")
    }

    /// Photos whose outcome is committed but whose event never reached the log, in commit order.
    /// Only meaningful where no worker is between its commit and its line (at start-up).
    public func unloggedOutcomes() throws -> [PhotoRecord] {
        try read { db in
            try PhotoRecord.fetchAll(db, sql: """
                SELECT photo.* FROM photo JOIN outcome_unlogged u ON u.photo_id = photo.id
                WHERE photo.status = u.status ORDER BY photo.finished, photo.id
                """)
        }
    }
}
