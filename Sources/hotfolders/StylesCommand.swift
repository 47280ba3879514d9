import ArgumentParser
import Foundation
import HotFolders

struct StylesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "styles",
        abstract: "List every style an album can name, where it comes from and its parameters, and the generators.",
        discussion: """
            Built-in looks need nothing else; styles from styles_file or [styles] tables that are \
            not looks are made by a generator ([generators.<name>]). Name styles to see every field \
            of theirs, prompts included.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: [.customShort("v"), .long], help: "Show every field of every style, prompts in full.")
    var verbose = false

    @Argument(help: ArgumentHelp("Only these styles, shown in full.", valueName: "style"))
    var names: [String] = []

    func run() async throws {
        let configuration = try global.loadConfiguration()
        for line in configuration.styles.listing(names: names, verbose: verbose) { print(line) }
        let unknown = names.filter { configuration.styles.registry[$0] == nil }
        if !unknown.isEmpty { throw ExitStatus.failures.exit }
    }
}
