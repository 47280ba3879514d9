import Foundation
import GRDB

/// A photo's place in the deploy state machine (DESIGN.md: `deploy_pending -> deployed`).
public enum DeployStatus: String, Sendable, Codable, DatabaseValueConvertible {
    case pending, deployed, failed
}

/// An object the store confirmed: what the catalog keeps so unchanged outputs are never sent
/// again and the manifest can give each output's URL.
public struct DeployedObject: Sendable, Equatable {
    public var destination: String
    public var key: String
    public var album: String
    public var photoID: Int64?
    public var path: String?
    public var sha256: String
    public var md5: String
    public var etag: String
    public var bytes: Int64
    public var parts: Int
    public var contentType: String
    public var cacheControl: String
    public var url: String
    public var deployed: String
}

extension DeployedObject: FetchableRecord {
    public init(row: Row) throws {
        destination = row["destination"]; key = row["key"]; album = row["album"]; photoID = row["photo_id"]
        path = row["path"]; sha256 = row["sha256"]; md5 = row["md5"]; etag = row["etag"]; bytes = row["bytes"]
        parts = row["parts"]; contentType = row["content_type"]; cacheControl = row["cache_control"]; url = row["url"]
        deployed = row["deployed"]
    }
}

/// A photo waiting to be deployed.
struct DeployCandidate: Sendable, Equatable {
    var photoID: Int64
    var originalName: String
    var attempts: Int
}

extension Catalog {
    // MARK: - Photos

    /// The photo's outputs were (re)recorded in an album that deploys: it is pending again.
    public func markDeployPending(photoID: Int64, album: String) throws {
        try write { db, now in
            try db.execute(sql: """
                INSERT INTO deploy (photo_id, album, status, attempts, updated) VALUES (?, ?, 'pending', 0, ?)
                ON CONFLICT (photo_id) DO UPDATE
                SET album = excluded.album, status = 'pending', attempts = 0, not_before = NULL, error = NULL, updated = excluded.updated
                """, arguments: [photoID, album, now])
        }
    }

    /// Makes every done photo of the album that has no deploy state pending (the album took up
    /// `deploy` later, or a crash came between recording outputs and marking the photo), and
    /// sets a deployed photo pending again when one of its outputs is not on `destination` with
    /// its current content (a restyle, a photo made again). Decided by content, never by
    /// comparing clock times: a clock that ran fast and was corrected must not send the same
    /// photos again on every pass. Returns how many photos became pending.
    @discardableResult
    func enqueueMissingDeploys(album: String, destination: String) throws -> Int {
        try write { db, now in
            try db.execute(sql: """
                INSERT INTO deploy (photo_id, album, status, attempts, updated)
                SELECT id, album, 'pending', 0, ? FROM photo
                WHERE album = ? AND status = 'done' AND id NOT IN (SELECT photo_id FROM deploy)
                """, arguments: [now, album])
            var changed = db.changesCount
            try db.execute(sql: """
                UPDATE deploy SET status = 'pending', attempts = 0, not_before = NULL, error = NULL, updated = ?
                WHERE album = ? AND status = 'deployed' AND photo_id IN (\(Self.photosWithUndeployedOutputs))
                """, arguments: [now, album, album, destination])
            changed += db.changesCount
            return changed
        }
    }

    /// Deployed photos of an album one of whose outputs `destination` does not hold with that
    /// content (what `enqueueMissingDeploys` makes pending, and what a dry run counts).
    func deployedPhotosWithChangedOutputs(album: String, destination: String) throws -> [Int64] {
        try read { db in
            try Int64.fetchAll(db, sql: """
                SELECT photo_id FROM deploy WHERE album = ? AND status = 'deployed'
                  AND photo_id IN (\(Self.photosWithUndeployedOutputs)) ORDER BY photo_id
                """, arguments: [album, album, destination])
        }
    }

    /// Photos of an album (argument 1) with an output not on the destination (argument 2) with
    /// its current content.
    private static let photosWithUndeployedOutputs = """
        SELECT output.photo_id FROM output JOIN photo ON photo.id = output.photo_id
        WHERE photo.album = ? AND NOT EXISTS (
            SELECT 1 FROM deployed_object AS object
            WHERE object.destination = ? AND object.photo_id = output.photo_id
              AND object.path = output.path AND object.sha256 = output.sha256)
        """

    /// Photos of the album to deploy now, oldest first: pending ones whose backoff is over (all
    /// pending ones with `ignoringBackoff`), and failed ones too with `includingFailed`.
    func deployCandidates(album: String, ignoringBackoff: Bool, includingFailed: Bool) throws -> [DeployCandidate] {
        let now = Timestamp.string()
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT deploy.photo_id, photo.original_name, deploy.attempts FROM deploy JOIN photo ON photo.id = deploy.photo_id
                WHERE deploy.album = ? AND photo.status = 'done'
                  AND ((deploy.status = 'pending' AND (? OR deploy.not_before IS NULL OR deploy.not_before <= ?))
                       OR (? AND deploy.status = 'failed'))
                ORDER BY deploy.photo_id
                """, arguments: [album, ignoringBackoff, now, includingFailed])
            .map { DeployCandidate(photoID: $0[0], originalName: $0[1], attempts: $0[2]) }
        }
    }

    /// Albums with a pending photo due now (their backoff over).
    func albumsWithDueDeploys() throws -> [String] {
        let now = Timestamp.string()
        return try read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT album FROM deploy WHERE status = 'pending' AND (not_before IS NULL OR not_before <= ?) ORDER BY album
                """, arguments: [now])
        }
    }

    /// Per album with pending photos, when the soonest of them may go (the distant past for one
    /// that waits for nothing): the deploy stage sleeps until then.
    func nextDeployAttempts() throws -> [String: Date] {
        try read { db in
            var next: [String: Date] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT album, MIN(COALESCE(not_before, '')) FROM deploy WHERE status = 'pending' GROUP BY album
                """) {
                let notBefore: String = row[1]
                next[row[0]] = Timestamp.date(from: notBefore) ?? .distantPast
            }
            return next
        }
    }

    /// Every album the catalog has done photos in.
    func albumsWithPhotos() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT album FROM photo WHERE status = 'done' ORDER BY album") }
    }

    /// Each photo's deploy state in an album, with its error.
    func deployStates(album: String) throws -> [Int64: (status: DeployStatus, error: String?)] {
        try read { db in
            var states: [Int64: (DeployStatus, String?)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT photo_id, status, error FROM deploy WHERE album = ?", arguments: [album]) {
                states[row[0]] = (row[1], row[2])
            }
            return states
        }
    }

    /// How many of the album's photos are in each deploy state.
    public func deployCounts(album: String) throws -> [DeployStatus: Int] {
        try read { db in
            var counts: [DeployStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) FROM deploy WHERE album = ? GROUP BY status", arguments: [album]) {
                counts[row[0]] = row[1]
            }
            return counts
        }
    }

    /// Every object of the photo is verified on the store.
    func markDeployed(photoID: Int64) throws {
        try write { db, now in
            try db.execute(sql: """
                UPDATE deploy SET status = 'deployed', attempts = 0, not_before = NULL, error = NULL, updated = ? WHERE photo_id = ?
                """, arguments: [now, photoID])
        }
    }

    /// A transient failure: the photos stay pending, and are not tried again before `notBefore`.
    func deferDeploy(photoIDs: [Int64], error: String, notBefore: Date) throws {
        try write { db, now in
            for id in photoIDs {
                try db.execute(sql: """
                    UPDATE deploy SET status = 'pending', attempts = attempts + 1, not_before = ?, error = ?, updated = ?
                    WHERE photo_id = ?
                    """, arguments: [Timestamp.string(notBefore), error, now, id])
            }
        }
    }

    /// A permanent failure: the photos wait for a fix and an explicit `hotfolders deploy`.
    func failDeploy(photoIDs: [Int64], error: String) throws {
        guard !photoIDs.isEmpty else { return }
        try write { db, now in
            for id in photoIDs {
                try db.execute(sql: """
                    UPDATE deploy SET status = 'failed', not_before = NULL, error = ?, updated = ? WHERE photo_id = ?
                    """, arguments: [error, now, id])
            }
        }
    }

    // MARK: - Objects

    func deployedObject(destination: String, key: String) throws -> DeployedObject? {
        try read { db in
            try DeployedObject.fetchOne(db, sql: "SELECT * FROM deployed_object WHERE destination = ? AND key = ?",
                                        arguments: [destination, key])
        }
    }

    /// The objects on `destination` that came from the album's photos, by key.
    func deployedObjects(destination: String, album: String) throws -> [String: DeployedObject] {
        try read { db in
            let objects = try DeployedObject.fetchAll(db, sql: "SELECT * FROM deployed_object WHERE destination = ? AND album = ?",
                                                      arguments: [destination, album])
            return Dictionary(objects.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        }
    }

    /// Records an object the store confirmed (replacing an earlier one under the same key).
    func recordDeployed(_ object: DeployedObject) throws {
        try write { db, _ in
            try db.execute(sql: """
                INSERT OR REPLACE INTO deployed_object
                    (destination, key, album, photo_id, path, sha256, md5, etag, bytes, parts, content_type, cache_control, url, deployed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [object.destination, object.key, object.album, object.photoID, object.path, object.sha256,
                                 object.md5, object.etag, object.bytes, object.parts, object.contentType, object.cacheControl,
                                 object.url, object.deployed])
        }
    }

    // MARK: - Output digests

    /// Stores the MD5 of outputs (by path), checked against the SHA-256 the catalog has.
    func recordOutputMD5(path: String, sha256: String, md5: String) throws {
        try write { db, _ in
            try db.execute(sql: "UPDATE output SET md5 = ? WHERE path = ? AND sha256 = ?", arguments: [md5, path, sha256])
        }
    }

    /// The stored MD5 of each output of the album's photos, by path (nil until computed).
    func outputMD5s(album: String) throws -> [String: String] {
        try read { db in
            var md5s: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT output.path, output.md5 FROM output JOIN photo ON photo.id = output.photo_id
                WHERE photo.album = ? AND output.md5 IS NOT NULL
                """, arguments: [album]) {
                md5s[row[0]] = row[1]
            }
            return md5s
        }
    }

    /// What publishing records once a photo's outputs are written, in one transaction: the
    /// manifest facts and, for an album that deploys, the photo "deploy pending".
    func recordPublished(photoID: Int64, album: String, place: String?, captured: Date?, deployPending: Bool) throws {
        try write { db, now in
            try db.execute(sql: """
                INSERT INTO manifest_photo (photo_id, place, captured) VALUES (?, ?, ?)
                ON CONFLICT (photo_id) DO UPDATE SET place = excluded.place, captured = excluded.captured
                """, arguments: [photoID, place, captured.map(Timestamp.utcSeconds)])
            guard deployPending else { return }
            try db.execute(sql: """
                INSERT INTO deploy (photo_id, album, status, attempts, updated) VALUES (?, ?, 'pending', 0, ?)
                ON CONFLICT (photo_id) DO UPDATE
                SET album = excluded.album, status = 'pending', attempts = 0, not_before = NULL, error = NULL, updated = excluded.updated
                """, arguments: [photoID, album, now])
        }
    }

    // MARK: - Manifest facts

    func manifestFacts(album: String) throws -> [Int64: (place: String?, captured: String?)] {
        try read { db in
            var facts: [Int64: (String?, String?)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT manifest_photo.photo_id, place, captured FROM manifest_photo JOIN photo ON photo.id = manifest_photo.photo_id
                WHERE photo.album = ?
                """, arguments: [album]) {
                facts[row[0]] = (row[1], row[2])
            }
            return facts
        }
    }

    /// The album's done photos with their outputs, in the order they were first seen.
    func publishedPhotos(album: String) throws -> [(photo: PhotoRecord, outputs: [OutputRecord])] {
        try read { db in
            let photos = try PhotoRecord.fetchAll(db, sql: "SELECT * FROM photo WHERE album = ? AND status = 'done' ORDER BY id",
                                                  arguments: [album])
            var outputs: [Int64: [OutputRecord]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT output.* FROM output JOIN photo ON photo.id = output.photo_id
                WHERE photo.album = ? AND photo.status = 'done' ORDER BY output.id
                """, arguments: [album]) {
                outputs[row["photo_id"], default: []].append(try OutputRecord(row: row))
            }
            return photos.map { ($0, outputs[$0.id] ?? []) }
        }
    }

    // MARK: - CDN invalidation

    /// Adds changed paths to those waiting for the album's next invalidation.
    func queueInvalidation(distribution: String, album: String, paths: [String]) throws {
        guard !paths.isEmpty else { return }
        try write { db, _ in
            let current = try String.fetchOne(db, sql: "SELECT waiting FROM cdn_invalidation WHERE distribution = ? AND album = ?",
                                              arguments: [distribution, album])
            var waiting = current.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
            for path in paths where !waiting.contains(path) { waiting.append(path) }
            let json = String(decoding: try JSONEncoder().encode(waiting), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO cdn_invalidation (distribution, album, waiting) VALUES (?, ?, ?)
                ON CONFLICT (distribution, album) DO UPDATE SET waiting = excluded.waiting
                """, arguments: [distribution, album, json])
        }
    }

    /// The paths waiting for the album's next invalidation and when the last one was sent.
    func invalidationState(distribution: String, album: String) throws -> (waiting: [String], lastSent: Date?) {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT waiting, last_sent FROM cdn_invalidation WHERE distribution = ? AND album = ?",
                                             arguments: [distribution, album]) else { return ([], nil) }
            let text: String = row[0]
            let waiting = (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
            let sent: String? = row[1]
            return (waiting, sent.flatMap(Timestamp.date(from:)))
        }
    }

    /// An invalidation of `paths` was accepted: they no longer wait.
    func recordInvalidation(distribution: String, album: String, paths: [String], id: String, sent: Date) throws {
        try write { db, _ in
            let current = try String.fetchOne(db, sql: "SELECT waiting FROM cdn_invalidation WHERE distribution = ? AND album = ?",
                                              arguments: [distribution, album])
            let waiting = (current.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? [])
                .filter { !paths.contains($0) }
            let json = String(decoding: try JSONEncoder().encode(waiting), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO cdn_invalidation (distribution, album, waiting, last_sent, last_id) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (distribution, album) DO UPDATE
                SET waiting = excluded.waiting, last_sent = excluded.last_sent, last_id = excluded.last_id
                """, arguments: [distribution, album, json, Timestamp.string(sent), id])
        }
    }

    /// Albums with paths waiting for an invalidation.
    func albumsWithWaitingInvalidations() throws -> [(distribution: String, album: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT distribution, album FROM cdn_invalidation WHERE waiting != '[]' ORDER BY album")
                .map { ($0[0], $0[1]) }
        }
    }
}

extension Timestamp {
    /// UTC to the second with a Z ("2024-07-01T10:00:00Z"): capture times have no milliseconds.
    static func utcSeconds(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
            .timeSeparator(.colon).timeZone(separator: .omitted))
    }
}
