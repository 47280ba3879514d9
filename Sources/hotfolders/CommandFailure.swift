import HotFolders

/// A fault that ends a command: printed as one plain sentence (`Error: ...`) with the status it
/// calls for. Thrown instead of ArgumentParser's `ValidationError`, which would add the usage
/// text and exit 64, as though the command line were wrong; `Hotfolders.main` prints it.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var status: ExitStatus

    init(_ message: String, status: ExitStatus = .configuration) {
        self.message = message
        self.status = status
    }

    var description: String { message }
}

extension CommandFailure {
    /// A catalog that cannot be used: the user's to mend (78), except a call about a photo the
    /// catalog does not know, which is this run's failure (1).
    init(_ error: CatalogError) {
        switch error {
        case .damaged, .cannotOpen: self.init(error.description, status: .configuration)
        case .noSuchPhoto: self.init(error.description, status: .failures)
        }
    }
}
