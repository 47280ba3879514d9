import Foundation
import Glibc
import GRDB
import Logging

/// Takes one arrival from intake to its end: inspect, admit in the catalog, run the album's
/// rules, write the outputs durably, record them, and only then move the original. The agent
/// and `hotfolders process` both call `handle`, so they behave alike.
public final class Pipeline: Sendable {
    public let configuration: Configuration
    public let catalog: Catalog
    public let events: EventLog
    let logger: Logger
    let outbox: OutboxWriter
    let originals: Originals
    /// Makes the albums' styles; holds each generator's cap on requests in flight.
    let styles: StyleStudio
    /// Watermark logos, decoded once for all photos.
    let logos = WatermarkLogos()
    /// Manifest and deploy state of albums that publish, once a photo's outputs are recorded.
    let publishing: Publishing
    /// Read-only albums and put-away faults already reported.
    let notices = Notices()
    /// Each album's settings and rules, built once for this configuration.
    let rules: RuleLists

    public convenience init(configuration: Configuration, catalog: Catalog, events: EventLog, logger: Logger) {
        self.init(configuration: configuration, catalog: catalog, events: events, logger: logger, deployWake: nil)
    }

    /// `deployWake` hears each photo that becomes deploy pending (the agent's deploy stage).
    init(configuration: Configuration, catalog: Catalog, events: EventLog, logger: Logger, deployWake: WakeSignal?) {
        self.configuration = configuration
        self.catalog = catalog
        self.events = events
        self.logger = logger
        self.outbox = OutboxWriter(layout: configuration.layout, catalog: catalog)
        self.originals = Originals(layout: configuration.layout)
        self.styles = StyleStudio(library: configuration.styles)
        self.publishing = Publishing(layout: configuration.layout, catalog: catalog, events: events, deployWake: deployWake)
        self.rules = RuleLists(configuration: configuration, styles: styles, logos: logos)
    }

    /// Processes one arrival. Never throws: whatever happens to the photo is its outcome, a
    /// catalog row and an event line, and the caller goes on with the next one.
    ///
    /// - Parameter holdingIncomplete: the agent passes true: a photo that cannot be decoded but
    ///   was modified less than `incomplete_wait` ago stays in the inbox (`.incomplete`) instead
    ///   of going to failed/, because a copy may have paused mid-way. A batch run judges at once.
    public func handle(_ arrival: Arrival, holdingIncomplete: Bool = false) async -> PhotoOutcome {
        await withTaskExecutorPreference(PhotoExecutor.shared) {
            await handleOnPhotoThread(arrival, holdingIncomplete: holdingIncomplete)
        }
    }

    private func handleOnPhotoThread(_ arrival: Arrival, holdingIncomplete: Bool) async -> PhotoOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let album = rules.rules(forAlbum: arrival.album)
        let settings = album.settings

        let inspection: Inspection
        do {
            inspection = try Inspection.of(arrival.url)
        } catch let error as SystemError where error.code == ENOENT {
            return skip(arrival, "the file vanished before it could be read")
        } catch let error as SystemError where error.code == ELOOP {
            return skip(arrival, "a symlink; links are never followed")
        } catch let error as SystemError where error.code == EACCES || error.code == EPERM {
            return unreadable(arrival, error)
        } catch {
            return failInPlace(arrival, stage: "intake", reason: "the file could not be read", detail: "\(error)")
        }
        guard let kind = inspection.kind else {
            return skip(arrival, inspection.size == 0
                ? "an empty file (still being copied?)"
                : "not a photo hotfolders reads (\(ImageKind.readableNames))")
        }

        let admission: Admission
        do {
            admission = try catalog.admit(album: arrival.album, originalName: arrival.name, size: inspection.size,
                                          sha256: inspection.sha256, duplicates: settings.duplicates)
        } catch let error as CatalogError where catalog.damaged != nil {
            return holdForDamagedCatalog(arrival, error)
        } catch {
            let (reason, detail, environmental) = Pipeline.explain(error)
            if environmental { return postpone(arrival, photoID: nil, stage: "catalog", reason: reason, detail: detail) }
            return failInPlace(arrival, stage: "catalog", reason: "the catalog could not record the photo", detail: "\(error)")
        }

        switch admission {
        case .alreadyDone:
            return .unchanged
        case .finishDisposition(let id):
            return finishDisposition(arrival, photoID: id, sha256: inspection.sha256, after: settings.after)
        case .duplicate(let id, let canonical):
            let firstName = (try? catalog.photo(id: canonical))??.originalName
            let putAway = dispose(arrival, photoID: id, sha256: inspection.sha256, after: settings.after).putAway
            var fields = ["duplicate_of": firstName ?? "#\(canonical)"]
            fields.merge(Pipeline.originalFields(putAway) ?? [:]) { $1 }
            events.record(Event(.duplicate, album: arrival.album, file: arrival.name,
                                reason: "the same photo was already processed in this album", fields: fields))
            return .duplicate(of: firstName ?? "#\(canonical)")
        case .process(let id):
            return await process(arrival, kind: kind, inspection: inspection, photoID: id, album: album,
                                 holdingIncomplete: holdingIncomplete, started: started, clock: clock)
        }
    }

    private func process(_ arrival: Arrival, kind: ImageKind, inspection: Inspection, photoID: Int64,
                         album: AlbumRules, holdingIncomplete: Bool,
                         started: ContinuousClock.Instant, clock: ContinuousClock) async -> PhotoOutcome {
        let settings = album.settings
        var work = PhotoWork(source: arrival.url, album: arrival.album, originalName: arrival.name, kind: kind)
        work.sha256 = inspection.sha256
        let context = RuleContext(catalog: catalog, events: events, logger: logger, photoID: photoID)
        var stage = "intake"
        var written: [OutputRecord] = []
        do {
            for rule in album.steps {
                stage = rule.name
                try catalog.stageStarted(photoID: photoID, stage: rule.name)
                try await rule.apply(to: &work, in: context)
                try catalog.stageFinished(photoID: photoID, stage: rule.name)
            }
            stage = "encode"
            // Metadata comes from the preprocessed original, whatever image an output holds.
            let encoded = try work.outputs.map { output in
                let encoding = settings.encoding(output.encoding, forVariant: output.variant)
                return OutboxWriter.Encoded(variant: output.variant, suffix: output.suffix,
                                            bytes: try encoding.encode(output.image, metadataFrom: work.image, output: output.variant),
                                            width: output.image.width, height: output.image.height, format: encoding.format)
            }
            work.outputs = []
            work.image = nil  // the decoded pixels are not needed past this point
            stage = "write"
            written = try outbox.write(encoded, baseName: work.baseName, album: arrival.album, photoID: photoID)
            try catalog.recordSuccess(photoID: photoID, outputs: written)
            outbox.release(written.map(\.path))
        } catch {
            // Nothing of this try is recorded: what it wrote would be owned by nothing.
            outbox.discard(written.map(\.path))
            let (reason, detail, environmental) = Pipeline.explain(error)
            if environmental && arrival.fromInbox {
                return postpone(arrival, photoID: photoID, stage: stage, reason: reason, detail: detail)
            }
            if holdingIncomplete, arrival.fromInbox, (error as? RuleError)?.mayBeIncomplete == true,
               let age = Pipeline.modificationAge(of: arrival.url), age < settings.incompleteWait {
                return waitForRest(arrival, photoID: photoID, stage: stage, error: error, retryIn: settings.incompleteWait - age)
            }
            return fail(arrival, photoID: photoID, sha256: inspection.sha256, stage: stage, error: error)
        }

        // Outputs are on disk and in the catalog: only now may the original leave the inbox.
        let putAway = dispose(arrival, photoID: photoID, sha256: inspection.sha256, after: settings.after).putAway
        publishing.recorded(photoID: photoID, album: arrival.album, file: arrival.name, settings: settings, outputs: written,
                            facts: ManifestFacts(work))
        let ms = Int((clock.now - started) / .milliseconds(1))
        notices.forget(Pipeline.postponedNotice(arrival))
        let logged = events.record(Event(.processed, album: arrival.album, file: arrival.name, outputs: written.map(\.path),
                                         ms: ms, fields: Pipeline.originalFields(putAway)))
        if logged { catalog.recordOutcomeLogged(photoID: photoID) }
        return .processed(outputs: written.map(\.path), original: putAway?.path)
    }

    /// Writes what was put off while photos arrived (album manifests, logged outcomes): call it once the last
    /// photo of a batch is handled, or when the agent stops.
    public func finishPublishing() {
        publishing.flush()
        catalog.flushLoggedOutcomes()
    }

    private func fail(_ arrival: Arrival, photoID: Int64, sha256: String, stage: String, error: Error) -> PhotoOutcome {
        // With the catalog damaged nothing can be recorded, whatever step met it: the photo waits.
        if catalog.damaged != nil { return holdForDamagedCatalog(arrival, error) }
        let (reason, detail, environmental) = Pipeline.explain(error)
        try? catalog.recordFailure(photoID: photoID, stage: stage, reason: reason, detail: detail)
        var putAway: Originals.PutAway?
        // A full disk or a read-only file system is not the photo's fault: leave it in the inbox
        // so the next run tries again once there is room.
        if arrival.fromInbox && !environmental {
            let report = FailureReport(file: arrival.name, album: arrival.album, stage: stage, reason: reason,
                                       detail: detail, time: Timestamp.string(), sha256: sha256)
            do {
                putAway = try originals.moveToFailed(arrival, sha256: sha256, report: report)
                try catalog.recordDisposition(photoID: photoID, .failed, path: putAway?.path,
                                              leftInInbox: putAway?.leftInInbox?.description)
                if let left = putAway?.leftInInbox { noteReadOnly(arrival, left, after: nil) }
            } catch {
                logger.error("could not move \(arrival.name) to failed/: \(error)")
            }
        }
        var fields = Pipeline.originalFields(putAway)
        if fields == nil && arrival.fromInbox { fields = ["original": "left in the inbox"] }
        let logged = events.record(Event(.failed, level: .error, album: arrival.album, file: arrival.name, stage: stage,
                                         reason: reason, detail: detail, fields: fields))
        if logged { catalog.recordOutcomeLogged(photoID: photoID) }
        return .failed(stage: stage, reason: reason, movedTo: putAway?.path)
    }

    /// Stopped by the machine, not the photo (a full disk: outbox, catalog or event log; a
    /// read-only file system): the photo waits in the inbox, never in failed/, and is tried
    /// again once the machine lets it (the agent backs off and retries on its own).
    private func postpone(_ arrival: Arrival, photoID: Int64?, stage: String, reason: String, detail: String?) -> PhotoOutcome {
        if let photoID { try? catalog.recordIncomplete(photoID: photoID, stage: stage, reason: reason) }
        // Said once per photo until it gets through: the agent tries it again every few seconds.
        if notices.first(Pipeline.postponedNotice(arrival)) {
            events.record(Event(.postponed, level: .warning, album: arrival.album, file: arrival.name, stage: stage,
                                reason: reason, detail: detail,
                                fields: arrival.fromInbox ? ["original": "left in the inbox"] : nil))
        }
        return .postponed(stage: stage, reason: reason)
    }

    static func postponedNotice(_ arrival: Arrival) -> String { "\(arrival.album)\u{0}\(arrival.name)\u{0}postponed" }

    /// A photo that does not decode yet but changed recently: most likely a copy still under
    /// way. It stays in the inbox; the agent looks again when it changes or when the wait is over.
    private func waitForRest(_ arrival: Arrival, photoID: Int64, stage: String, error: Error, retryIn: Duration) -> PhotoOutcome {
        let reason = "the photo looks incomplete (still being copied?); it stays in the inbox until it is whole"
        try? catalog.recordIncomplete(photoID: photoID, stage: stage, reason: reason)
        events.record(Event(.incomplete, album: arrival.album, file: arrival.name, stage: stage, reason: reason,
                            detail: (error as? RuleError)?.detail,
                            fields: ["retry_in": "\(Int((retryIn / .seconds(1)).rounded(.up)))s"]))
        return .incomplete(retryIn: retryIn)
    }

    /// How long ago the file was last modified.
    static func modificationAge(of url: URL) -> Duration? {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return nil }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let seconds = Int64(now.tv_sec - info.st_mtim.tv_sec)
        let nanos = Int64(now.tv_nsec - info.st_mtim.tv_nsec)
        return .seconds(seconds) + .nanoseconds(nanos)
    }

    /// A failure before the catalog knows the photo: reported, and the file left where it is.
    private func failInPlace(_ arrival: Arrival, stage: String, reason: String, detail: String) -> PhotoOutcome {
        events.record(Event(.failed, level: .error, album: arrival.album, file: arrival.name, stage: stage,
                            reason: reason, detail: detail))
        return .failed(stage: stage, reason: reason, movedTo: nil)
    }

    /// A damaged catalog is not the photo's fault: it stays in the inbox, untouched, until the
    /// catalog is restored. Said once (`catalog_damaged`), not once per photo.
    private func holdForDamagedCatalog(_ arrival: Arrival, _ error: Error) -> PhotoOutcome {
        let reason = "the catalog is damaged; the photo stays in the inbox until it is restored"
        if catalog.takeDamageReport() {
            events.record(Event(.catalogDamaged, level: .error, reason: "no photo is taken until the catalog is mended",
                                detail: "\(error)"))
        }
        return .skipped(reason: reason)
    }

    private func skip(_ arrival: Arrival, _ reason: String) -> PhotoOutcome {
        events.record(Event(.skipped, level: .warning, album: arrival.album, file: arrival.name, reason: reason))
        return .skipped(reason: reason)
    }

    /// Plain words for a failure, the library's message, and whether the cause is the machine
    /// rather than the photo.
    static func explain(_ error: Error) -> (reason: String, detail: String?, environmental: Bool) {
        switch error {
        case let error as RuleError:
            return (error.reason, error.detail, false)
        case let error where DiskFull.explains(error):
            return ("the disk is full; free some space and the photo will be tried again", "\(error)", true)
        case let error as SystemError where error.code == EROFS || error.code == EIO:
            return ("\(error.path) could not be written (\(error.message)); the photo will be tried again", error.description, true)
        case let error as DatabaseError where error.resultCode == .SQLITE_IOERR || error.resultCode == .SQLITE_READONLY:
            // The state disk failing or turned read-only: the machine's fault, not the photo's.
            return ("the catalog could not be written (\(error.message ?? "\(error.resultCode)")); the photo will be tried again",
                    "\(error)", true)
        case let error as SystemError where error.code == ELOOP || error.code == ENOTDIR:
            return ("a folder on the way to the outbox is a symlink or a file; nothing is written through links", error.description, false)
        default:
            return ("processing failed", "\(error)", false)
        }
    }
}
