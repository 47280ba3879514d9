import Foundation
import Glibc
import Logging

/// Publishes albums that deploy: for each, the photos that are "deploy pending" go up object
/// by object (verified, recorded), then the album manifest, last, once every object it names is
/// on the store, then the CloudFront invalidation of what changed. The agent runs it as photos
/// finish, `hotfolders process` after its batch, and `hotfolders deploy` on demand.
///
/// Nothing is marked deployed that the store has not confirmed. A transient failure leaves the
/// photo pending with a growing wait (kept in the catalog, so across restarts); a permanent one
/// marks it failed with a message that says what to fix, and an explicit `hotfolders deploy`
/// tries it again.
public final class Deployer: Sendable {
    public let configuration: Configuration
    let catalog: Catalog
    let events: EventLog
    let logger: Logger
    /// Where credentials come from (`AWS_*`, `HOME`): the process's own in the commands.
    let environment: [String: String]
    let manifests: ManifestWriter
    /// The first wait before a retry; each further one doubles it.
    let retryBase: Duration
    /// Hears each object as soon as it is recorded (tests stop the server at a chosen moment).
    let uploadObserver: (@Sendable (DeployedObject) -> Void)?

    public init(configuration: Configuration, catalog: Catalog, events: EventLog, logger: Logger,
                environment: [String: String] = ProcessInfo.processInfo.environment, retryBase: Duration = .milliseconds(500),
                uploadObserver: (@Sendable (DeployedObject) -> Void)? = nil) {
        self.configuration = configuration
        self.catalog = catalog
        self.events = events
        self.logger = logger
        self.environment = environment
        self.retryBase = retryBase
        self.uploadObserver = uploadObserver
        self.manifests = ManifestWriter(layout: configuration.layout, catalog: catalog)
    }

    public convenience init(workspace: Workspace, logger: Logger,
                            environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(configuration: workspace.configuration, catalog: workspace.catalog, events: workspace.events, logger: logger,
                  environment: environment)
    }

    /// The albums the catalog has photos in whose settings deploy (or only `album`).
    public func deployingAlbums(only album: String? = nil) throws -> [String] {
        let albums = try album.map { [$0] } ?? catalog.albumsWithPhotos()
        return albums.filter { configuration.settings(forAlbum: $0).deploys }
    }

    /// Deploys every album that deploys (or only `album`): a person asked, so pending photos go
    /// at once even while they wait out a backoff, and failed ones are tried again. With
    /// `dryRun`, nothing is sent or recorded: the report says what would be.
    public func deploy(album: String? = nil, dryRun: Bool = false) async -> DeployReport {
        await pass(albums: (try? deployingAlbums(only: album)) ?? [], ignoringBackoff: true, includingFailed: true, dryRun: dryRun)
    }

    /// The agent's pass: albums with pending photos whose wait is over, and albums with
    /// CloudFront paths waiting. `sweep` looks at every album that deploys (start-up, and every
    /// minute): photos a crash left without deploy state, and a manifest whose upload failed.
    /// `retryingFailed` (at start-up) tries failed photos again: the fix may have been made.
    func deployDue(sweep: Bool, retryingFailed: Bool = false) async -> DeployReport {
        var albums = Set((try? catalog.albumsWithDueDeploys()) ?? [])
        if sweep { albums.formUnion((try? deployingAlbums()) ?? []) }
        for (_, album) in (try? catalog.albumsWithWaitingInvalidations()) ?? [] { albums.insert(album) }
        return await pass(albums: albums.sorted().filter { configuration.settings(forAlbum: $0).deploys }, ignoringBackoff: false,
                          includingFailed: retryingFailed, dryRun: false)
    }

    /// Runs on the photo executor's threads: requests, file reads and catalog writes block, and
    /// must not hold up the cooperative pool (the watcher, timers, signal handling).
    private func pass(albums: [String], ignoringBackoff: Bool, includingFailed: Bool, dryRun: Bool) async -> DeployReport {
        await withTaskExecutorPreference(PhotoExecutor.shared) {
            await passOnPhotoThread(albums: albums, ignoringBackoff: ignoringBackoff, includingFailed: includingFailed, dryRun: dryRun)
        }
    }

    private func passOnPhotoThread(albums: [String], ignoringBackoff: Bool, includingFailed: Bool, dryRun: Bool) async -> DeployReport {
        var report = DeployReport()
        guard !albums.isEmpty else { return report }
        // One deploy at a time per catalog, across processes (the agent and a `hotfolders deploy`).
        let lock = dryRun ? nil : DeployLock(state: configuration.state)
        defer { lock?.release() }
        for album in albums {
            if Task.isCancelled { break }
            let settings = configuration.settings(forAlbum: album)
            guard let destination = AlbumDestination(album: album, settings: settings.deploy) else { continue }
            var albumReport = AlbumDeployReport(album: album, target: destination.description, dryRun: dryRun)
            if dryRun {
                plan(&albumReport, destination: destination, settings: settings)
            } else {
                await deployAlbum(&albumReport, destination: destination, settings: settings, ignoringBackoff: ignoringBackoff,
                                  includingFailed: includingFailed)
            }
            report.albums.append(albumReport)
        }
        return report
    }

    // MARK: - One album

    private func deployAlbum(_ report: inout AlbumDeployReport, destination: AlbumDestination, settings: AlbumSettings,
                             ignoringBackoff: Bool, includingFailed: Bool) async {
        let album = destination.album
        let candidates: [DeployCandidate]
        let publicManifest: AlbumManifest
        do {
            try catalog.enqueueMissingDeploys(album: album, destination: destination.destination)
            candidates = try catalog.deployCandidates(album: album, ignoringBackoff: ignoringBackoff, includingFailed: includingFailed)
            publicManifest = try manifests.manifest(album: album, settings: settings, publicOnly: true)
        } catch {
            report.albumError = DeployError(.transient, "the catalog could not be read", detail: "\(error)")
            return
        }
        let manifestSent = try? catalog.deployedObject(destination: destination.destination, key: destination.manifestKey)
        let waiting = settings.deploy.cloudFront.distributionID.flatMap {
            try? catalog.invalidationState(distribution: $0, album: album).waiting
        } ?? []
        // Nothing to send: no store request, no credentials needed. (An album none of whose
        // photos is on the store yet has no manifest to publish either.)
        let manifestCurrent = manifestSent.map { $0.sha256 == Digest.sha256Hex(publicManifest.json()) } ?? publicManifest.photos.isEmpty
        if candidates.isEmpty && manifestCurrent && waiting.isEmpty {
            return
        }

        let credentials: AWSCredentials
        do {
            credentials = try AWSCredentials.resolve(profile: settings.deploy.profile, environment: environment)
        } catch {
            stop(&report, album: album, candidates: candidates, error: error)
            return
        }
        let client = S3Client(endpoint: destination.endpoint, bucket: destination.target.bucket, region: settings.deploy.region,
                              pathStyle: settings.deploy.pathStyle, credentials: credentials, minimumTimeout: settings.deploy.timeout)
        let events = self.events
        let uploader = ObjectUploader(
            client: client, retry: RetryPolicy(retries: settings.deploy.retries, base: retryBase),
            multipartThreshold: settings.deploy.multipartThresholdMiB << 20, partSize: settings.deploy.partSizeMiB << 20,
            onRetry: { key, error, attempt, wait in
                events.record(Event(.deployRetry, level: .warning, album: album, reason: error.message, detail: error.detail,
                                    fields: ["key": key, "attempt": "\(attempt)",
                                             "wait_ms": "\(Int(wait / .milliseconds(1)))"]))
            })

        var changed: [String] = []
        for (index, candidate) in candidates.enumerated() {
            if Task.isCancelled {
                report.stillPending = candidates.count - index
                break
            }
            do {
                let sent = try await deployPhoto(candidate, destination: destination, uploader: uploader, report: &report)
                try catalog.markDeployed(photoID: candidate.photoID)
                report.photosDeployed += 1
                changed += sent.overwritten
                events.record(Event(.deployed, album: album, file: candidate.originalName, fields: [
                    "uploaded": "\(sent.uploaded)", "unchanged": "\(sent.unchanged)", "bytes": "\(sent.bytes)",
                    "target": destination.description,
                ]))
            } catch let error as DeployError {
                switch error.scope {
                case .transient:
                    // The store is out of reach: every photo still to go waits, not only this one,
                    // so the next passes do not knock once per photo.
                    let wait = RetryPolicy.passDelay(afterFailedPasses: candidate.attempts + 1)
                    try? catalog.deferDeploy(photoIDs: candidates[index...].map(\.photoID), error: error.description,
                                             notBefore: Date() + wait / .seconds(1))
                    report.interruption = error
                    report.stillPending = candidates.count - index
                    events.record(Event(.deployWaiting, level: .warning, album: album, file: candidate.originalName,
                                        reason: error.message, detail: error.detail,
                                        fields: ["pending": "\(candidates.count - index)", "next_try_s": "\(Int(wait / .seconds(1)))"]))
                case .photo:
                    try? catalog.failDeploy(photoIDs: [candidate.photoID], error: error.description)
                    report.failures.append((candidate.originalName, error))
                    events.record(Event(.deployFailed, level: .error, album: album, file: candidate.originalName,
                                        reason: error.message, detail: error.detail))
                    continue
                case .album:
                    stop(&report, album: album, candidates: Array(candidates[index...]), error: error)
                }
                break
            } catch {
                report.interruption = DeployError(.transient, "the catalog could not record the upload", detail: "\(error)")
                report.stillPending = candidates.count - index
                break
            }
        }
        guard report.albumError == nil else {
            try? manifests.update(album: album, settings: settings, immediately: true)
            return
        }
        await finish(&report, destination: destination, settings: settings, uploader: uploader, credentials: credentials,
                     changed: changed, previousManifest: manifestSent)
    }

    /// A failure no photo of the album can get past: the ones not yet sent are marked failed
    /// with it (an explicit `hotfolders deploy` tries them again once it is fixed).
    private func stop(_ report: inout AlbumDeployReport, album: String, candidates: [DeployCandidate], error: DeployError) {
        try? catalog.failDeploy(photoIDs: candidates.map(\.photoID), error: error.description)
        report.albumError = error
        events.record(Event(.deployFailed, level: .error, album: album, reason: error.message, detail: error.detail,
                            fields: ["photos": "\(candidates.count)"]))
    }
}

/// An exclusive `flock` on `<state>/deploy.lock` for the length of a pass.
private struct DeployLock {
    let fd: Int32

    init(state: URL) {
        fd = open(state.appendingPathComponent("deploy.lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd >= 0 { while flock(fd, LOCK_EX) != 0 && errno == EINTR {} }
    }

    func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
    }
}
