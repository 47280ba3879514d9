import Foundation

/// The loaded, validated configuration file: where things live, how many photos run at once,
/// and the settings of every album (defaults laid under per-album overrides).
public struct Configuration: Sendable {
    /// The file it came from (for messages), or nil when built in code.
    public var source: URL?
    /// Holds inbox/, outbox/, originals/ and failed/.
    public var root: URL
    /// Make `root` when it does not exist (`create_root = true`). Off by default: a mistyped root
    /// or a share that is not mounted must be an error, not a fresh empty tree on the local disk.
    public var createRoot = false
    /// Holds catalog.sqlite and events.jsonl.
    public var state: URL
    /// Photos processed at the same time.
    public var workers: Int
    public var defaults: AlbumSettings
    /// `[album."pattern"]` overrides in file order; see `settings(forAlbum:)`.
    public var albums: [AlbumOverride]
    /// Names never taken as photos (`ignore = [...]`, fnmatch patterns).
    public var ignored = IgnoredNames()
    /// How often the agent looks through the whole inbox as a safety net against missed events.
    public var reconcileInterval: Duration = .seconds(600)
    /// On SIGTERM, how long photos in flight may take to finish before the agent exits anyway.
    public var shutdownTimeout: Duration = .seconds(30)
    /// How often the agent backs the catalog up into `<state>/backups/` (nil: never).
    public var backupInterval: Duration? = .seconds(86_400)
    /// Scheduled backups kept; older ones are removed once a new one is verified.
    public var backupsKept = 7
    /// The style registry (built-in looks, `styles_file`, `[styles]`) and `[generators]`.
    public var styles = StyleLibrary()

    public init(source: URL? = nil, root: URL, state: URL, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                defaults: AlbumSettings = AlbumSettings(), albums: [AlbumOverride] = []) {
        self.source = source
        self.root = root
        self.state = state
        self.workers = workers
        self.defaults = defaults
        self.albums = albums
    }

    /// The effective settings of one album folder: defaults, then every glob pattern that matches
    /// the name in file order, then an exact-name table last (the most specific wins).
    public func settings(forAlbum name: String) -> AlbumSettings {
        var settings = defaults
        for override in albums where override.isGlob && override.matches(name) { override.apply(to: &settings) }
        for override in albums where !override.isGlob && override.pattern == name { override.apply(to: &settings) }
        return settings
    }

    public var layout: Layout { Layout(root: root) }
}
