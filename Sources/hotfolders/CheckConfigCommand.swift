import ArgumentParser
import HotFolders

struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-config", abstract: "Validate the configuration and print every album's effective pipeline.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        // STUB
    }
}
