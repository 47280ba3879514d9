import GRDB

extension Catalog {
    /// Decides, in one write transaction, what becomes of a file arriving in an album: process it
    /// (new content, or content whose earlier run failed or never finished), only finish putting
    /// its original away, leave it alone, or record it as a duplicate of the first copy.
    ///
    /// A photo `processing` is redone (a crash left it so) unless a worker of this process holds
    /// it now: then the same file arriving again is `.alreadyDone` (that worker puts it away),
    /// and a copy under another name is a duplicate, so two workers never run the same row.
    public func admit(album: String, originalName: String, size: Int64, sha256: String,
                      duplicates: DuplicatePolicy) throws -> Admission {
        var claimed: Int64?
        do {
            return try write { db, now in
                try Catalog.forgetUnreadable(db, album: album, name: originalName)
                let admission = try decide(db, album: album, originalName: originalName, size: size, sha256: sha256,
                                           duplicates: duplicates, now: now)
                if case .process(let id) = admission {
                    // Claimed before the commit, so no other thread sees the row processing
                    // and unclaimed in between.
                    inFlight.withLock { _ = $0.insert(id) }
                    claimed = id
                }
                return admission
            }
        } catch {
            if let claimed { release(claimed) }
            throw error
        }
    }

    /// The photo's run is over (recorded done or failed): a later arrival may start it again.
    func release(_ photoID: Int64) {
        _ = inFlight.withLock { $0.remove(photoID) }
    }

    private func decide(_ db: Database, album: String, originalName: String, size: Int64, sha256: String,
                        duplicates: DuplicatePolicy, now: String) throws -> Admission {
        guard let canonical = try PhotoRecord.fetchOne(db, sql: """
            SELECT * FROM photo WHERE album = ? AND sha256 = ? AND status != 'duplicate'
            """, arguments: [album, sha256])
        else {
            try db.execute(sql: """
                INSERT INTO photo (album, original_name, size, sha256, status, first_seen, updated)
                VALUES (?, ?, ?, ?, 'processing', ?, ?)
                """, arguments: [album, originalName, size, sha256, now, now])
            return .process(photoID: db.lastInsertedRowID)
        }

        // In a worker's hands in this process right now.
        let busy = canonical.status == .processing && inFlight.withLock { $0.contains(canonical.id) }
        // Put away, but the album is read-only so the inbox still holds it: done with, never
        // copied again, whatever became of it (done, failed or a duplicate).
        if canonical.originalName == originalName, canonical.leftInInbox != nil, canonical.status != .processing {
            return .alreadyDone(photoID: canonical.id)
        }
        switch canonical.status {
        case .processing where busy:
            if canonical.originalName == originalName { return .alreadyDone(photoID: canonical.id) }
        case .queued, .processing, .failed:
            try redo(db, canonical.id, originalName: originalName, size: size, now: now)
            return .process(photoID: canonical.id)
        case .done, .duplicate:
            if canonical.originalName == originalName {
                switch canonical.disposition {
                case nil: return .finishDisposition(photoID: canonical.id)
                case .kept: return .alreadyDone(photoID: canonical.id)
                // Put away earlier, and now back in the inbox: a new arrival of known content.
                case .archived, .deleted, .failed: break
                }
            }
            if duplicates == .process {
                try redo(db, canonical.id, originalName: originalName, size: size, now: now)
                return .process(photoID: canonical.id)
            }
        }

        if let copy = try PhotoRecord.fetchOne(db, sql: """
            SELECT * FROM photo WHERE album = ? AND original_name = ? AND sha256 = ? AND status = 'duplicate'
            """, arguments: [album, originalName, sha256]) {
            switch copy.disposition {
            case _ where copy.leftInInbox != nil, .kept:
                return .alreadyDone(photoID: copy.id)
            case nil:
                return .duplicate(photoID: copy.id, of: canonical.id)
            case .archived, .deleted, .failed:
                // That copy was put away and the same file was dropped in again: it needs
                // putting away again (else it would sit in the inbox forever).
                try db.execute(sql: """
                    UPDATE photo SET disposition = NULL, disposition_path = NULL, left_in_inbox = NULL, size = ?, updated = ? WHERE id = ?
                    """, arguments: [size, now, copy.id])
                return .duplicate(photoID: copy.id, of: canonical.id)
            }
        }

        try db.execute(sql: """
            INSERT INTO photo (album, original_name, size, sha256, status, duplicate_of, first_seen, updated, finished)
            VALUES (?, ?, ?, ?, 'duplicate', ?, ?, ?, ?)
            """, arguments: [album, originalName, size, sha256, canonical.id, now, now, now])
        return .duplicate(photoID: db.lastInsertedRowID, of: canonical.id)
    }

    /// Starts a row over: processing under the name it arrived with, with no trace of the last run
    /// except its outputs (replaced when this run records its own).
    private func redo(_ db: Database, _ id: Int64, originalName: String, size: Int64, now: String) throws {
        try db.execute(sql: """
            UPDATE photo SET status = 'processing', original_name = ?, size = ?, stage = NULL,
                error_reason = NULL, error_detail = NULL, disposition = NULL, disposition_path = NULL,
                left_in_inbox = NULL, finished = NULL, updated = ?
            WHERE id = ?
            """, arguments: [originalName, size, now, id])
        try db.execute(sql: "DELETE FROM stage WHERE photo_id = ?", arguments: [id])
    }
}
