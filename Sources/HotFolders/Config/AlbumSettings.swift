/// Everything that decides how one album's photos are handled: `[defaults]` with every matching
/// `[album."..."]` table laid over it, validated once when the config is loaded.
public struct AlbumSettings: Sendable, Equatable {
    /// The rules in the order they run (`rules = ["metadata", "preprocess"]`).
    public var rules: [RuleKind] = [.metadata, .preprocess]
    /// What becomes of an inbox original once its outputs are safely written.
    public var after: AfterSuccess = .archive
    /// What to do when content already processed in this album arrives again.
    public var duplicates: DuplicatePolicy = .skip
    /// `[metadata]`: places, capture times, and the album's own place, zone and camera clock.
    public var metadata = MetadataSettings()
    public var preprocess = PreprocessSettings()
    /// `[rename]`: what the outputs are called (`IMG_1234` -> `montreal_quebec_1234`).
    public var rename = RenameSettings()
    /// `styles = [...]` and `[style]`: the styles made of each photo (see `Styles/`).
    public var style = StyleSettings()
    public var derivatives = DerivativesSettings()
    /// `metadata_by_variant`: a metadata policy for named outputs (`web`, `"512"`, a style),
    /// over the one their rule gives them.
    public var metadataByVariant: [String: MetadataPolicy] = [:]
    /// `[watermark]`: the owner's mark on the published outputs.
    public var watermark = WatermarkSettings()
    public var deploy = DeploySettings()
    /// How long a file must be quiet (no new write or rename) before it is taken, and its size
    /// and modification time unchanged between two looks that far apart.
    public var settle: Duration = .seconds(2)
    /// How the agent learns of new files in this album.
    public var watch: WatchMode = .auto
    /// How often a polled album (network file system, or `watch = "poll"`) is looked through.
    public var pollInterval: Duration = .seconds(30)
    /// A photo that cannot be decoded but was modified less than this long ago is taken to be
    /// still arriving (a copy paused mid-way): it stays in the inbox and is tried again when it
    /// changes, and only after this long unchanged is it set aside in failed/.
    public var incompleteWait: Duration = .seconds(120)

    public init() {}
}

/// `watch = "auto" | "inotify" | "poll"`.
public enum WatchMode: String, Sendable, CaseIterable {
    /// inotify, except on network file systems (NFS, SMB/CIFS, FUSE), which are polled because
    /// writes made on another machine raise no inotify event here.
    case auto
    /// inotify only.
    case inotify
    /// Look through the folder every `poll_interval`.
    case poll
}

/// `after = "archive" | "delete" | "keep"`.
public enum AfterSuccess: String, Sendable, CaseIterable {
    /// Move the original to `originals/<Album>/`.
    case archive
    /// Remove it from the inbox (its outputs and catalog row remain).
    case delete
    /// Leave it in the inbox; the catalog remembers it is done.
    case keep
}

/// `duplicates = "skip" | "process"`.
public enum DuplicatePolicy: String, Sendable, CaseIterable {
    /// Record the arrival as a duplicate and do not process it again.
    case skip
    /// Process it again like any new photo.
    case process
}
