import Foundation
import Glibc
import Synchronization

/// Builds album manifests from the catalog and writes `outbox/<Album>/manifest.json` durably
/// (temporary name, fsync, rename, fsync of the folder), so a crash leaves the old manifest or
/// the new one, never a torn one. An `flock` on the album's outbox folder keeps two processes
/// (the agent and a `hotfolders deploy`) from interleaving.
///
/// A manifest lists every photo of its album, so writing it for each photo would cost an album
/// of n photos n² work (1,500 small photos: 14 s instead of 5). Photos are therefore coalesced:
/// while one worker writes an album's manifest, the others only ask for one more write, which
/// then reflects all of them; and an album written less than `minimumInterval` ago is written
/// again once that interval is over, for every photo that arrived meanwhile. `flush` writes what
/// is still waiting (the end of a batch, the agent's shutdown).
final class ManifestWriter: Sendable {
    static let fileName = "manifest.json"

    let layout: Layout
    let catalog: Catalog
    let minimumInterval: Duration

    /// Per album: a write under way (and whether another was asked for meanwhile), when the last
    /// one finished, and the settings of a write put off until the interval is over.
    private struct AlbumState {
        var writing = false
        var again = false
        var lastWrite: ContinuousClock.Instant?
        var putOff: AlbumSettings?
    }
    private let albums = Mutex<[String: AlbumState]>([:])

    init(layout: Layout, catalog: Catalog, minimumInterval: Duration = .seconds(1)) {
        self.layout = layout
        self.catalog = catalog
        self.minimumInterval = minimumInterval
    }

    /// Rewrites the album's manifest from the catalog, now or within `minimumInterval` (or
    /// leaves it to the write under way). `immediately`: now, whatever the interval (a deploy
    /// pass, which uploads what it wrote).
    func update(album: String, settings: AlbumSettings, immediately: Bool = false) throws {
        enum Decision { case leave, write, wake(ContinuousClock.Instant) }
        let now = ContinuousClock.now
        let decision: Decision = albums.withLock { albums in
            var state = albums[album, default: AlbumState()]
            defer { albums[album] = state }
            if state.writing {
                state.again = true
                return .leave
            }
            if !immediately, let last = state.lastWrite, now - last < minimumInterval {
                let first = state.putOff == nil
                state.putOff = settings
                return first ? .wake(last + minimumInterval) : .leave
            }
            return .write
        }
        switch decision {
        case .leave:
            return
        case .wake(let instant):
            // A dispatch timer, not a sleeping task: the write blocks (SQLite, fsync), and a
            // Swift concurrency pool whose few threads are all busy or blocked would put it off
            // for as long as they stay so (seen in a test run: over a minute).
            let delay = max(instant - .now, .zero)
            let nanoseconds = Int(delay.components.seconds) * 1_000_000_000 + Int(delay.components.attoseconds / 1_000_000_000)
            DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [self] in
                try? self.writePutOff(album: album)
            }
        case .write:
            try writeNow(album: album, settings: settings)
        }
    }

    /// Whether no write of the album's manifest is under way or put off: only then does a
    /// manifest that differs from the catalog mean it was left behind.
    func isIdle(album: String) -> Bool {
        albums.withLock { albums in
            guard let state = albums[album] else { return true }
            return !state.writing && !state.again && state.putOff == nil
        }
    }

    /// Writes every manifest put off until its interval is over, now, and returns once no write
    /// is under way, so a process may exit right after.
    func flush() throws {
        while true {
            let (waiting, busy) = albums.withLock { albums in
                (albums.compactMap { $0.value.putOff == nil ? nil : $0.key }, albums.values.contains { $0.writing })
            }
            for album in waiting { try writePutOff(album: album) }
            if waiting.isEmpty && !busy { return }
            if waiting.isEmpty { usleep(5_000) }
        }
    }

    private func writePutOff(album: String) throws {
        let settings = albums.withLock { albums -> AlbumSettings? in
            guard let settings = albums[album]?.putOff, albums[album]?.writing == false else {
                // A write under way takes it in: ask it for one more.
                if albums[album]?.putOff != nil { albums[album]?.again = true; albums[album]?.putOff = nil }
                return nil
            }
            albums[album]?.putOff = nil
            return settings
        }
        guard let settings else { return }
        try writeNow(album: album, settings: settings)
    }

    /// Writes the album's manifest, again as long as more writes were asked for meanwhile.
    private func writeNow(album: String, settings: AlbumSettings) throws {
        let mine = albums.withLock { albums -> Bool in
            if albums[album, default: AlbumState()].writing { albums[album]?.again = true; return false }
            albums[album, default: AlbumState()].writing = true
            albums[album]?.again = false
            albums[album]?.putOff = nil  // this write takes in every photo recorded so far
            return true
        }
        guard mine else { return }
        while true {
            do {
                try write(album: album, settings: settings)
            } catch {
                albums.withLock { $0[album]?.writing = false }
                throw error
            }
            let again = albums.withLock { albums -> Bool in
                albums[album]?.lastWrite = .now
                if albums[album]?.again == true { albums[album]?.again = false; return true }
                albums[album]?.writing = false
                return false
            }
            if !again { return }
        }
    }

    private func write(album: String, settings: AlbumSettings) throws {
        let folder = try Folder.open(layout.root).folder(["outbox", album], create: true)
        // Best effort: a file system without flock on folders (old NFS) goes on unlocked.
        while flock(folder.fd, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(folder.fd, LOCK_UN) }
        try folder.writeDurably(Self.fileName, bytes: try manifest(album: album, settings: settings, publicOnly: false).json())
    }

    /// The album's manifest as the catalog has it now. `publicOnly`: only photos whose every
    /// output is verified on the store (the copy that is uploaded).
    func manifest(album: String, settings: AlbumSettings, publicOnly: Bool) throws -> AlbumManifest {
        let destination = settings.rules.contains(.deploy) ? AlbumDestination(album: album, settings: settings.deploy) : nil
        let rows = try catalog.publishedPhotos(album: album)
        let md5s = try catalog.outputMD5s(album: album)
        let facts = try catalog.manifestFacts(album: album)
        let states = destination == nil ? [:] : try catalog.deployStates(album: album)
        let objects = try destination.map { try catalog.deployedObjects(destination: $0.destination, album: album) } ?? [:]
        let prefix = "outbox/\(album)/"

        var photos: [AlbumManifest.Photo] = []
        var updated = ""
        for (photo, outputs) in rows {
            let state = states[photo.id]
            var entries: [AlbumManifest.Output] = []
            var times: [String] = []
            for output in outputs {
                let key = destination?.key(for: output)
                let object = key.flatMap { objects[$0] }.flatMap { $0.sha256 == output.sha256 ? $0 : nil }
                let status = destination == nil ? "local" : object != nil ? "deployed" : state?.status == .failed ? "failed" : "pending"
                if let object { times.append(object.deployed) }
                entries.append(AlbumManifest.Output(
                    variant: output.variant,
                    file: output.path.hasPrefix(prefix) ? String(output.path.dropFirst(prefix.count)) : output.path,
                    key: key, format: output.format, width: output.width, height: output.height, bytes: output.bytes,
                    md5: md5s[output.path] ?? computeMD5(output), sha256: output.sha256, url: object?.url, status: status))
            }
            let status: String
            if destination == nil {
                status = "local"
            } else if !entries.isEmpty && entries.allSatisfy({ $0.status == "deployed" }) {
                status = "deployed"
            } else {
                status = state?.status == .failed ? "failed" : "pending"
            }
            if publicOnly && status != "deployed" { continue }
            if !publicOnly, let finished = photo.finished { times.append(Timestamp.string(finished)) }
            updated = max(updated, times.max() ?? "")
            let fact = facts[photo.id]
            photos.append(AlbumManifest.Photo(name: photo.originalName, place: fact?.place ?? nil, captured: fact?.captured ?? nil,
                                              status: status, outputs: entries))
        }
        return AlbumManifest(album: album, updated: updated.isEmpty ? "1970-01-01T00:00:00.000Z" : updated,
                             target: destination?.description, photos: photos)
    }

    /// An output recorded before its MD5 was: read it back, and keep the MD5 if the file is
    /// still what the catalog recorded.
    private func computeMD5(_ output: OutputRecord) -> String? {
        guard let data = try? OutboxFile.read(output.path, root: layout.root) else { return nil }
        let digest = Digest(of: data)
        guard digest.sha256Hex == output.sha256 else { return nil }
        try? catalog.recordOutputMD5(path: output.path, sha256: output.sha256, md5: digest.md5Hex)
        return digest.md5Hex
    }
}

extension AlbumSettings {
    /// Albums that publish (derivatives or deploy) keep a manifest in their outbox.
    var keepsManifest: Bool { rules.contains(.derivatives) || rules.contains(.deploy) }

    var deploys: Bool { rules.contains(.deploy) && deploy.target != nil }
}
