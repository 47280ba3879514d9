import GRDB

extension Catalog {
    /// The photo's outcome event is in the log: nothing is owed for it any more.
    public func recordOutcomeLogged(photoID: Int64) throws {
        try write { db, _ in
            try db.execute(sql: "DELETE FROM outcome_unlogged WHERE photo_id = ?", arguments: [photoID])
        }
    }

    /// Photos whose outcome is committed but whose event never reached the log, in commit order.
    /// Only meaningful where no worker is between its commit and its line (at start-up).
    public func unloggedOutcomes() throws -> [PhotoRecord] {
        try database.read { db in
            try PhotoRecord.fetchAll(db, sql: """
                SELECT photo.* FROM photo JOIN outcome_unlogged u ON u.photo_id = photo.id
                WHERE photo.status = u.status ORDER BY photo.finished, photo.id
                """)
        }
    }

    /// The albums with photos done, whose manifests the catalog can build.
    func albumsWithDonePhotos() throws -> [String] {
        try database.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT album FROM photo WHERE status = 'done' ORDER BY album")
        }
    }
}
