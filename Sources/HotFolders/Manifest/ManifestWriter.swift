import Foundation
import Glibc
import Synchronization

/// Builds album manifests from the catalog and writes `outbox/<Album>/manifest.json` durably
/// (temporary name, fsync, rename, fsync of the folder), so a crash leaves the old manifest or
/// the new one, never a torn one. Photos finishing together are coalesced: while one worker
/// writes an album's manifest, the others only ask for one more write, which then reflects all
/// of them. An `flock` on the album's outbox folder keeps two processes (the agent and a
/// `hotfolders deploy`) from interleaving.
final class ManifestWriter: Sendable {
    static let fileName = "manifest.json"

    let layout: Layout
    let catalog: Catalog
    /// Albums being written now; true when another write was asked for meanwhile.
    private let writing = Mutex<[String: Bool]>([:])

    init(layout: Layout, catalog: Catalog) {
        self.layout = layout
        self.catalog = catalog
    }

    /// Rewrites the album's manifest from the catalog (or leaves that to the write under way).
    func update(album: String, settings: AlbumSettings) throws {
        let mine = writing.withLock { albums -> Bool in
            if albums[album] != nil { albums[album] = true; return false }
            albums[album] = false
            return true
        }
        guard mine else { return }
        while true {
            do {
                try write(album: album, settings: settings)
            } catch {
                writing.withLock { $0[album] = nil }
                throw error
            }
            let again = writing.withLock { albums -> Bool in
                if albums[album] == true { albums[album] = false; return true }
                albums[album] = nil
                return false
            }
            if !again { return }
        }
    }

    private func write(album: String, settings: AlbumSettings) throws {
        let folder = try Folder.open(layout.root, create: true).folder(["outbox", album], create: true)
        // Best effort: a file system without flock on folders (old NFS) goes on unlocked.
        while flock(folder.fd, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(folder.fd, LOCK_UN) }
        try folder.writeDurably(Self.fileName, bytes: try manifest(album: album, settings: settings, publicOnly: false).json())
    }

    /// The album's manifest as the catalog has it now. `publicOnly`: only photos whose every
    /// output is verified on the store (the copy that is uploaded).
    func manifest(album: String, settings: AlbumSettings, publicOnly: Bool) throws -> AlbumManifest {
        let destination = settings.rules.contains("deploy") ? AlbumDestination(album: album, settings: settings.deploy) : nil
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
    var keepsManifest: Bool { rules.contains("derivatives") || rules.contains("deploy") }

    var deploys: Bool { rules.contains("deploy") && deploy.target != nil }
}
