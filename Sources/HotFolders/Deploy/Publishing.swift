import Foundation

/// What happens once a photo's outputs are recorded, for albums that publish: the manifest
/// facts are stored, the photo becomes "deploy pending" when its album deploys, and the album
/// manifest is rewritten. Nothing here can fail or slow the photo:
/// a problem is a warning in the event log, and the deployer's own pass catches up (it makes
/// any done photo without a deploy state pending, and manifests are rebuilt from the catalog).
final class Publishing: Sendable {
    let catalog: Catalog
    let events: EventLog
    let manifests: ManifestWriter
    let deployWake: WakeSignal?

    init(layout: Layout, catalog: Catalog, events: EventLog, deployWake: WakeSignal? = nil) {
        self.catalog = catalog
        self.events = events
        self.deployWake = deployWake
        self.manifests = ManifestWriter(layout: layout, catalog: catalog)
    }

    func recorded(photoID: Int64, album: String, file: String, settings: AlbumSettings, outputs: [OutputRecord],
                  facts: ManifestFacts) {
        guard settings.keepsManifest || settings.deploys else { return }
        do {
            // Each output's MD5 came with its record (`OutboxWriter` has the bytes in hand).
            try catalog.recordPublished(photoID: photoID, album: album, place: facts.place, captured: facts.captured,
                                        deployPending: settings.deploys)
            if settings.deploys { deployWake?.signal() }
            if settings.keepsManifest { try manifests.update(album: album, settings: settings) }
        } catch {
            events.record(Event(.warning, level: .warning, album: album, file: file, stage: "manifest",
                                reason: "the outputs are safe, but the album manifest or deploy state could not be updated; "
                                    + "the next deploy pass or photo brings it up to date",
                                detail: "\(error)"))
        }
    }
}

extension Publishing {
    /// Writes the manifests put off while photos arrived quickly, before a batch ends or the
    /// agent stops. A failure is a warning: the outputs are safe and the next photo or deploy
    /// pass writes the manifest.
    func flush() {
        do {
            try manifests.flush()
        } catch {
            events.record(Event(.warning, level: .warning, stage: "manifest",
                                reason: "an album manifest could not be written; the next photo or deploy pass writes it",
                                detail: "\(error)"))
        }
    }
}

/// What the manifest tells about a photo besides its outputs.
struct ManifestFacts: Sendable, Equatable {
    var place: String?
    /// The instant of capture (shown in UTC).
    var captured: Date?

    init(place: String? = nil, captured: Date? = nil) {
        self.place = place
        self.captured = captured
    }

    /// From what the metadata rule learnt, when it ran: the place's label ("Montreal, Quebec,
    /// Canada") and the capture instant (nil when no time zone could tie the camera's local
    /// time to UTC).
    init(_ work: PhotoWork) {
        self.init(place: work.metadata?.place?.label, captured: work.metadata?.capture?.utc)
    }
}
