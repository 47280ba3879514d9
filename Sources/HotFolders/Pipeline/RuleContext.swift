import Logging

/// What a rule may use besides the photo itself: the album's effective settings, where things
/// go, the catalog and the event log, and a logger for diagnostics. Passed in, so nothing is global.
public struct RuleContext: Sendable {
    public let settings: AlbumSettings
    public let layout: Layout
    public let catalog: Catalog
    public let events: EventLog
    public let logger: Logger
    /// The catalog row of the photo being processed.
    public let photoID: Int64

    public init(settings: AlbumSettings, layout: Layout, catalog: Catalog, events: EventLog, logger: Logger, photoID: Int64) {
        self.settings = settings
        self.layout = layout
        self.catalog = catalog
        self.events = events
        self.logger = logger
        self.photoID = photoID
    }
}
