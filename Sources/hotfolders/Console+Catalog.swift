import Foundation
import HotFolders

extension Console {
    /// A catalog that cannot be used, as the command's end: its message (the way out included,
    /// for a damaged one), exit 78, never usage text.
    static func catalogFault(_ error: Error) -> Error {
        CommandFailure("\(error)")
    }
}
