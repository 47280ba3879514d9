import Foundation

/// What reading a value needs besides the value: the variables `~` and `${VAR}` expand from, and
/// the folder relative paths start from.
struct ConfigContext: Sendable {
    var environment: [String: String]
    var currentDirectory: URL

    var home: String { Self.home(in: environment) }

    /// `$HOME`, else the account's home folder.
    static func home(in environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return FileManager.default.homeDirectoryForCurrentUser.path
    }
}
