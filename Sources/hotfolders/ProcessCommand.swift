import ArgumentParser
import HotFolders

struct ProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "process", abstract: "Run the album pipeline once on files, folders, or everything waiting in the inbox.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        // STUB
    }
}
