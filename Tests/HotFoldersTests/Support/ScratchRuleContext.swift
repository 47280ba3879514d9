import Foundation
import Logging
@testable import HotFolders

extension RuleContext {
    /// For a rule tried on its own, on a photo the catalog does not know (preprocess,
    /// derivatives, watermark record nothing): a catalog and event log of its own in one temp
    /// folder, shared by every such test of the run.
    static let scratch: RuleContext = {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
            .appendingPathComponent("hotfolders-rule-context-\(getpid())", isDirectory: true)
        do {
            return RuleContext(catalog: try Catalog(directory: folder), events: try EventLog(directory: folder),
                               logger: Logger(label: "test"), photoID: 0)
        } catch {
            fatalError("no scratch catalog in \(folder.path): \(error)")
        }
    }()
}
