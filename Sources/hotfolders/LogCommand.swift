import ArgumentParser
import HotFolders

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "The event log, pretty and coloured on a terminal.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        // STUB
    }
}
