import ArgumentParser
import Foundation
import HotFolders

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file (default: ~/.config/hotfolders/hotfolders.toml).", valueName: "file"))
    var config: String?

    /// The configuration, or an exit with the loader's message (file, key path, what was expected).
    func loadConfiguration() throws -> Configuration {
        let url = config.map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath) } ?? Configuration.defaultLocation
        do {
            return try Configuration.load(from: url)
        } catch let error as ConfigError {
            // EX_CONFIG, which also lets a systemd unit stop restarting on it.
            throw CommandFailure(error.description, status: .configuration)
        }
    }

    /// One line on stderr, names in it made visible (a control character in a file name can
    /// neither split the line nor drive the terminal).
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((EventFormatter.visible(line) + "\n").utf8))
    }
}
