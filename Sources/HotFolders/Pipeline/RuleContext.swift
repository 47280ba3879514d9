import Logging

/// What a rule may use besides the photo itself: the catalog and the event log, and a logger for
/// diagnostics. Passed in, so nothing is global. A rule's own settings are the rule's (it is built
/// from them once per album), not the context's.
public struct RuleContext: Sendable {
    public let catalog: Catalog
    public let events: EventLog
    public let logger: Logger
    /// The catalog row of the photo being processed.
    public let photoID: Int64

    public init(catalog: Catalog, events: EventLog, logger: Logger, photoID: Int64) {
        self.catalog = catalog
        self.events = events
        self.logger = logger
        self.photoID = photoID
    }
}
