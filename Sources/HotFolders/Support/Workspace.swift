import Foundation
import Logging

/// What a configuration points at, opened: the root's folders (made if missing, and root itself
/// only when `create_root` says so), the catalog, the event log and the pipeline over them.
/// `process` and the agent both start from here.
public struct Workspace: Sendable {
    public let configuration: Configuration
    public let catalog: Catalog
    public let events: EventLog
    public let pipeline: Pipeline
    /// Wakes the agent's deploy stage when a photo becomes deploy pending (the pipeline of this
    /// workspace and of every reload ring it).
    let deployWake = WakeSignal()

    /// Throws `FolderProblem` when root, state or a folder under root cannot be used, and
    /// `CatalogError` when the catalog cannot open.
    public init(_ configuration: Configuration, logger: Logger) throws {
        if let problem = configuration.folderProblems().first { throw problem }
        let layout = configuration.layout
        let folders: [(FolderProblem.Place, URL)] = [
            (.root, layout.root), (.underRoot("inbox"), layout.inbox), (.underRoot("outbox"), layout.outbox),
            (.underRoot("originals"), layout.originals), (.underRoot("failed"), layout.failed), (.state, configuration.state),
        ]
        for (place, folder) in folders {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                // Checked a moment ago; something changed since (a share went away).
                let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
                throw FolderProblem(place, path: folder.path, .notWritable(reason: reason))
            }
        }
        self.configuration = configuration
        self.catalog = try Catalog(directory: configuration.state)
        self.events = try EventLog(directory: configuration.state)
        self.pipeline = Pipeline(configuration: configuration, catalog: catalog, events: events, logger: logger,
                                 deployWake: deployWake)
    }
}
