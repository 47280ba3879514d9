import ArgumentParser
import Foundation
import HotFolders

extension Console {
    /// The catalog alone (`status`, `catalog ...`). A damaged one is said in one plain message
    /// with the way out, exit 78 (EX_CONFIG: no restart mends it), never with usage text.
    static func openCatalog(_ configuration: Configuration) throws -> Catalog {
        do {
            return try Catalog(directory: configuration.state)
        } catch {
            throw Console.catalogFault(error)
        }
    }

    /// The exit for a catalog that cannot be used: its message on stderr, then exit 78.
    static func catalogFault(_ error: Error) -> Error {
        GlobalOptions.printError("Error: \(error)")
        return ExitCode(GlobalOptions.configErrorStatus)
    }
}
