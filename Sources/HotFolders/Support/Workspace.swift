import Foundation
import Logging

/// What a configuration points at, opened: the root's folders (created if missing), the catalog,
/// the event log and the pipeline over them. `process` and the agent both start from here.
public struct Workspace: Sendable {
    public let configuration: Configuration
    public let catalog: Catalog
    public let events: EventLog
    public let pipeline: Pipeline

    public init(_ configuration: Configuration, logger: Logger) throws {
        let layout = configuration.layout
        for folder in [layout.inbox, layout.outbox, layout.originals, layout.failed, configuration.state] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        self.configuration = configuration
        self.catalog = try Catalog(directory: configuration.state)
        self.events = try EventLog(directory: configuration.state)
        self.pipeline = Pipeline(configuration: configuration, catalog: catalog, events: events, logger: logger)
    }
}
