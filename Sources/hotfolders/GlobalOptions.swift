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
            // Not a ValidationError: ArgumentParser would add the usage text, which is no help
            // with a config file. EX_CONFIG also lets a systemd unit stop restarting on it.
            Self.printError("Error: \(error)")
            throw ExitCode(Self.configErrorStatus)
        }
    }

    /// EX_CONFIG from sysexits.h: the configuration is wrong.
    static let configErrorStatus: Int32 = 78

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
