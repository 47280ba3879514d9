import ArgumentParser
import HotFolders

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Counts per album by state, and the latest failures.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        // STUB
    }
}
