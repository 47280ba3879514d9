import Foundation

/// Finds album manifests the catalog is ahead of and writes them again. A manifest is written
/// after its photos are committed (and put off by up to `minimumInterval` while photos arrive
/// fast), so a kill -9 can leave `manifest.json` listing fewer photos than are done. "Behind"
/// is decided by comparing: the manifest is built from the catalog alone, byte for byte the
/// same for the same catalog, so any difference from the file on disk means it is stale.
struct ManifestRepair {
    let writer: ManifestWriter
    let configuration: Configuration

    /// Rewrites every stale manifest; returns the albums rewritten and those that could not be.
    func run() -> (repaired: [String], failed: [(album: String, error: Error)]) {
        var repaired: [String] = []
        var failed: [(String, Error)] = []
        for album in (try? writer.catalog.albumsWithPhotos()) ?? [] {
            let settings = configuration.settings(forAlbum: album)
            guard settings.keepsManifest, writer.isIdle(album: album) else { continue }
            do {
                let wanted = try writer.manifest(album: album, settings: settings, publicOnly: false).json()
                let onDisk = try? OutboxFile.read("outbox/\(album)/\(ManifestWriter.fileName)", root: writer.layout.root)
                guard onDisk != wanted else { continue }
                try writer.update(album: album, settings: settings, immediately: true)
                repaired.append(album)
            } catch {
                failed.append((album, error))
            }
        }
        return (repaired, failed)
    }
}

extension Publishing {
    /// Brings stale album manifests up to date, each with an event (the agent's start, and a
    /// `process` run when no agent runs): the whole catalog's manifests are built once then.
    func repairManifests(configuration: Configuration) {
        let (repaired, failed) = ManifestRepair(writer: manifests, configuration: configuration).run()
        for album in repaired {
            events.record(Event(.manifestRepaired, album: album,
                                reason: "the album manifest was behind the catalog (the agent stopped before writing it); written again"))
        }
        for (album, error) in failed {
            events.record(Event(.warning, level: .warning, album: album, stage: "manifest",
                                reason: "the album manifest is behind the catalog and could not be written again; the next photo or start tries again",
                                detail: "\(error)"))
        }
    }
}
