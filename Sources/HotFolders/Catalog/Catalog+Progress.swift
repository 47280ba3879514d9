import GRDB

extension Catalog {
    /// A rule begins for a photo: its stage row is running and the photo's current stage is set.
    public func stageStarted(photoID: Int64, stage: String) throws {
        try write { db, now in
            try db.execute(sql: "UPDATE photo SET stage = ?, updated = ? WHERE id = ?", arguments: [stage, now, photoID])
            try Catalog.requireChange(db, photoID: photoID)
            try db.execute(sql: """
                INSERT INTO stage (photo_id, name, status, started) VALUES (?, ?, 'running', ?)
                ON CONFLICT (photo_id, name) DO UPDATE
                SET status = 'running', started = excluded.started, finished = NULL, error = NULL
                """, arguments: [photoID, stage, now])
        }
    }

    /// A rule ended well for a photo.
    public func stageFinished(photoID: Int64, stage: String) throws {
        try write { db, now in
            try db.execute(sql: "UPDATE photo SET stage = ?, updated = ? WHERE id = ?", arguments: [stage, now, photoID])
            try Catalog.requireChange(db, photoID: photoID)
            try db.execute(sql: """
                INSERT INTO stage (photo_id, name, status, started, finished) VALUES (?, ?, 'done', ?, ?)
                ON CONFLICT (photo_id, name) DO UPDATE SET status = 'done', finished = excluded.finished, error = NULL
                """, arguments: [photoID, stage, now, now])
        }
    }

    /// The photo's outputs are durably on disk: record them (replacing any of an earlier run)
    /// and mark it done, in one transaction. Only after this returns may the original move.
    public func recordSuccess(photoID: Int64, outputs: [OutputRecord]) throws {
        defer { release(photoID) }
        try write { db, now in
            try db.execute(sql: """
                UPDATE photo SET status = 'done', stage = NULL, error_reason = NULL, error_detail = NULL,
                    finished = ?, updated = ?
                WHERE id = ?
                """, arguments: [now, now, photoID])
            try Catalog.requireChange(db, photoID: photoID)
            try db.execute(sql: "DELETE FROM output WHERE photo_id = ?", arguments: [photoID])
            for output in outputs {
                try output.insert(db, photoID: photoID, written: now)
            }
        }
    }

    /// The photo failed at `stage`: why in plain words, and the library's own message.
    public func recordFailure(photoID: Int64, stage: String, reason: String, detail: String?) throws {
        defer { release(photoID) }
        try write { db, now in
            try db.execute(sql: """
                UPDATE photo SET status = 'failed', stage = ?, error_reason = ?, error_detail = ?,
                    finished = ?, updated = ?
                WHERE id = ?
                """, arguments: [stage, reason, detail, now, now, photoID])
            try Catalog.requireChange(db, photoID: photoID)
            try Catalog.stageFailed(db, photoID: photoID, stage: stage, reason: reason, now: now)
        }
    }

    /// The photo could not be decoded but looks like it is still arriving (a copy paused
    /// mid-way): it goes back to `queued`, its original stays in the inbox, and the reason is
    /// kept so `status` can say why it waits.
    public func recordIncomplete(photoID: Int64, stage: String, reason: String) throws {
        defer { release(photoID) }
        try write { db, now in
            try db.execute(sql: """
                UPDATE photo SET status = 'queued', stage = ?, error_reason = ?, error_detail = NULL, updated = ?
                WHERE id = ?
                """, arguments: [stage, reason, now, photoID])
            try Catalog.requireChange(db, photoID: photoID)
            try Catalog.stageFailed(db, photoID: photoID, stage: stage, reason: reason, now: now)
        }
    }

    /// Where the original went (`path` relative to root; nil when deleted), and why it is also
    /// still in the inbox when the album is read-only (then it is never put away again).
    public func recordDisposition(photoID: Int64, _ disposition: Disposition, path: String?,
                                  leftInInbox: String? = nil) throws {
        try write { db, now in
            try db.execute(sql: """
                UPDATE photo SET disposition = ?, disposition_path = ?, left_in_inbox = ?, updated = ? WHERE id = ?
                """, arguments: [disposition, path, leftInInbox, now, photoID])
            try Catalog.requireChange(db, photoID: photoID)
        }
    }

    /// A failed photo put back into the inbox (`hotfolders retry`): it waits there again, so it
    /// counts as waiting, not failed, until it is processed. `failedPath` is where it lay
    /// (relative to root, as recorded when it was moved there); the last reason is kept.
    public func requeueRetried(album: String, failedPath: String) throws {
        try write { db, now in
            try db.execute(sql: """
                UPDATE photo SET status = 'queued', disposition = NULL, disposition_path = NULL, finished = NULL, updated = ?
                WHERE album = ? AND status = 'failed' AND disposition = 'failed' AND disposition_path = ?
                """, arguments: [now, album, failedPath])
        }
    }

    /// The photo that owns an outbox file (`path` relative to root), if any: a different photo
    /// wanting the same name must take another.
    public func outputOwner(path: String) throws -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT photo_id FROM output WHERE path = ?", arguments: [path])
        }
    }

    /// At start-up: photos left `processing` by a crash go back to `queued` (to be redone from
    /// their originals, still in the inbox), and their running stages are marked interrupted.
    /// Returns how many photos were reset. Photos a worker of this process holds are left alone;
    /// those of another live process are not known here, so call it where no other process works
    /// on the same catalog (the agent at start-up).
    @discardableResult
    public func resetInterrupted() throws -> Int {
        let held = Array(inFlight.withLock { $0 })
        let notHeld = held.isEmpty ? "" : "AND id NOT IN (\(held.map { _ in "?" }.joined(separator: ",")))"
        return try write { db, now in
            try db.execute(sql: """
                UPDATE stage SET status = 'failed', finished = ?, error = 'interrupted'
                WHERE status = 'running' AND photo_id IN (SELECT id FROM photo WHERE status = 'processing' \(notHeld))
                """, arguments: StatementArguments([now] + held.map { $0 as DatabaseValueConvertible }))
            try db.execute(sql: "UPDATE photo SET status = 'queued', updated = ? WHERE status = 'processing' \(notHeld)",
                           arguments: StatementArguments([now] + held.map { $0 as DatabaseValueConvertible }))
            return db.changesCount
        }
    }

    /// The stage's row says it failed, and why.
    private static func stageFailed(_ db: Database, photoID: Int64, stage: String, reason: String, now: String) throws {
        try db.execute(sql: """
            INSERT INTO stage (photo_id, name, status, started, finished, error) VALUES (?, ?, 'failed', ?, ?, ?)
            ON CONFLICT (photo_id, name) DO UPDATE
            SET status = 'failed', finished = excluded.finished, error = excluded.error
            """, arguments: [photoID, stage, now, now, reason])
    }
}
