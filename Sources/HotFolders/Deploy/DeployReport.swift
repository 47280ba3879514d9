/// What a deploy pass did (or, with `--dry-run`, would do), album by album, for the command
/// line and the tests.
public struct DeployReport: Sendable {
    public var albums: [AlbumDeployReport] = []

    /// A permanent failure anywhere (a transient one only leaves photos pending).
    public var hasFailures: Bool { albums.contains { $0.albumError != nil || !$0.failures.isEmpty } }
    public var stillPending: Int { albums.reduce(0) { $0 + $1.stillPending } }
    public var uploaded: [DeployAction] { albums.flatMap(\.uploaded) }
}

/// One object sent (or to be sent).
public struct DeployAction: Sendable, Equatable {
    public enum Reason: String, Sendable { case new, changed }
    public var key: String
    public var bytes: Int64
    public var reason: Reason
}

public struct AlbumDeployReport: Sendable {
    /// What happened to the manifest, which always goes last.
    public enum ManifestOutcome: Sendable, Equatable {
        case uploaded(key: String)
        case unchanged
        /// Not sent: the pass stopped first (a failure, or the server unreachable).
        case notSent(reason: String)
        /// Dry run: would be uploaded.
        case wouldUpload(key: String)
    }

    public enum InvalidationOutcome: Sendable, Equatable {
        case sent(id: String, paths: [String])
        /// The album's window is not over: the paths go with the next request, after `until`.
        case waiting(paths: [String], until: String)
        case failed(DeployError)
        case wouldSend(paths: [String])
    }

    public var album: String
    /// `s3://bucket/albums/Trip/`
    public var target: String
    public var dryRun = false
    public var uploaded: [DeployAction] = []
    /// Objects already on the store with the same content, not sent again.
    public var unchanged = 0
    public var photosDeployed = 0
    /// Photos left pending for a later pass (the server was unreachable).
    public var stillPending = 0
    /// Photos whose upload was refused, by original name.
    public var failures: [(file: String, error: DeployError)] = []
    /// Stopped the whole album (credentials, bucket, clock): nothing more was tried.
    public var albumError: DeployError?
    /// The transient failure that stopped the pass, if one did.
    public var interruption: DeployError?
    public var manifest: ManifestOutcome?
    public var invalidation: InvalidationOutcome?

    init(album: String, target: String, dryRun: Bool = false) {
        self.album = album
        self.target = target
        self.dryRun = dryRun
    }

    /// Plain lines for a person: what was sent, what failed and what to do.
    public var lines: [String] {
        var lines: [String] = []
        let verb = dryRun ? "would upload" : "uploaded"
        for action in uploaded { lines.append("  \(verb) \(action.key) (\(action.reason.rawValue), \(action.bytes) bytes)") }
        for failure in failures { lines.append("  failed   \(failure.file): \(failure.error)") }
        if let albumError { lines.append("  stopped: \(albumError)") }
        if let interruption {
            lines.append("  interrupted: \(interruption); \(stillPending) photo(s) stay pending and are sent by the next pass")
        }
        switch manifest {
        case .uploaded(let key): lines.append("  manifest \(key) uploaded last")
        case .wouldUpload(let key): lines.append("  would upload the manifest \(key) last")
        case .notSent(let reason): lines.append("  manifest not sent: \(reason)")
        case .unchanged, nil: break
        }
        switch invalidation {
        case .sent(let id, let paths): lines.append("  CloudFront invalidation \(id) for \(paths.count) path(s)")
        case .waiting(let paths, let until): lines.append("  CloudFront: \(paths.count) path(s) wait for the next invalidation after \(until)")
        case .failed(let error): lines.append("  CloudFront invalidation failed: \(error)")
        case .wouldSend(let paths): lines.append("  would invalidate \(paths.count) CloudFront path(s): \(paths.joined(separator: " "))")
        case nil: break
        }
        let sent = uploaded.count == 1 ? "1 object" : "\(uploaded.count) objects"
        let head = dryRun
            ? "\(album) -> \(target): \(sent) to upload, \(unchanged) unchanged"
            : "\(album) -> \(target): \(photosDeployed) photo(s) deployed, \(sent) uploaded, \(unchanged) unchanged"
        return [head] + lines
    }
}
