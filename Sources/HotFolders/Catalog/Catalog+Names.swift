import GRDB

extension Catalog {
    /// Claims the name a photo's outputs are called by in its album, in one write transaction.
    ///
    /// `wanted` gives the stem the template asks for (subfolders included), from the photo's number
    /// in the album (`{counter}`). The photo gets that stem if no other photo of the album holds it
    /// (compared without case), else the stem with `_1`, `_2`, ... appended, the lowest free.
    /// A photo that already holds a name keeps it when it wants the same stem again (a retry, a
    /// run after a crash), and keeps it whatever it wants once outputs are recorded under it, so
    /// published files are never renamed behind the photographer's back. A photo that holds a name
    /// but has no outputs yet (it failed before they were written) and now wants another stem gives
    /// the old one up. So does a photo that failed without outputs when another photo wants its
    /// name: most often that is the same photo copied again whole after a broken copy, which has
    /// other content and so another catalog row. (Retried as it was, the failed photo claims
    /// again and gets its name back unless another took it meanwhile.)
    ///
    /// Deterministic means: which of two photos wanting one stem gets the `_1` depends only on the
    /// order in which their claims reach this transaction, and never changes afterwards.
    public func claimName(album: String, photoID: Int64, wanted: (_ sequence: Int) -> String) throws -> NameClaim {
        try write { db, now in
            let existing = try NameClaim.fetchOne(db, sql: "SELECT * FROM name_claim WHERE photo_id = ?", arguments: [photoID])
            let next = try Int.fetchOne(db, sql: "SELECT coalesce(max(sequence), 0) + 1 FROM name_claim WHERE album = ?",
                                        arguments: [album]) ?? 1
            let sequence = existing?.sequence ?? next
            let stem = wanted(sequence)
            if let existing {
                if existing.wanted == stem { return existing }
                let hasOutputs = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM output WHERE photo_id = ?)",
                                                   arguments: [photoID]) ?? false
                if hasOutputs { return existing }
                try db.execute(sql: "DELETE FROM name_claim WHERE photo_id = ?", arguments: [photoID])
            }
            // Every claim on the stem or on a numbered form of it, in one query: an album of
            // thousands of photos from one place must not cost one query per number tried.
            // LIKE and NOCASE both fold ASCII case only; `lowercased()` folds at least as much, so
            // a name the index would refuse is never taken for free here.
            let escaped = stem.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            let rows = try Row.fetchAll(db, sql: """
                SELECT c.photo_id, c.name,
                       p.status = 'failed' AND NOT EXISTS (SELECT 1 FROM output o WHERE o.photo_id = c.photo_id) AS spent
                FROM name_claim c JOIN photo p ON p.id = c.photo_id
                WHERE c.album = ? AND (c.name = ? COLLATE NOCASE OR c.name LIKE ? ESCAPE '\\')
                """, arguments: [album, stem, escaped + "\\_%"])
            var holders: [String: [(photoID: Int64, spent: Bool)]] = [:]
            for row in rows {
                holders[(row["name"] as String).lowercased(), default: []].append((row["photo_id"], row["spent"]))
            }
            var clash = 0
            while true {
                let name = clash == 0 ? stem : "\(stem)_\(clash)"
                let held = holders[name.lowercased()] ?? []
                if held.contains(where: { !$0.spent }) {
                    clash += 1
                    continue
                }
                for holder in held {
                    try db.execute(sql: "DELETE FROM name_claim WHERE photo_id = ?", arguments: [holder.photoID])
                }
                try db.execute(sql: """
                    INSERT INTO name_claim (photo_id, album, name, wanted, clash, sequence, claimed) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [photoID, album, name, stem, clash, sequence, now])
                guard let claim = try NameClaim.fetchOne(db, sql: "SELECT * FROM name_claim WHERE photo_id = ?", arguments: [photoID])
                else { throw CatalogError.noSuchPhoto(photoID) }
                return claim
            }
        }
    }

    /// The name a photo holds, if it has claimed one.
    public func nameClaim(photoID: Int64) throws -> NameClaim? {
        try read { db in
            try NameClaim.fetchOne(db, sql: "SELECT * FROM name_claim WHERE photo_id = ?", arguments: [photoID])
        }
    }

    /// Every name claimed in an album, in claim order.
    public func nameClaims(album: String) throws -> [NameClaim] {
        try read { db in
            try NameClaim.fetchAll(db, sql: "SELECT * FROM name_claim WHERE album = ? ORDER BY sequence", arguments: [album])
        }
    }
}
