import ArgumentParser
import Foundation
import HotFolders

struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration and print every album's effective pipeline.",
        discussion: """
            Exits 78 with the file, the key and what was expected when the configuration is not \
            valid, or with what is wrong with root or state when one cannot be used (missing, not \
            a folder, not writable, on a read-only file system). Otherwise prints root, state and \
            workers, the defaults, and for each album folder in the inbox its settings and the \
            [album] tables that set them; [album] tables that match no folder are warned about.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let report = try global.loadConfiguration().report()
        for line in report.lines { print(line) }
        for warning in report.warnings { GlobalOptions.printError("warning: \(warning)") }
        guard report.errors.isEmpty else {
            for error in report.errors { GlobalOptions.printError("Error: \(error)") }
            throw ExitStatus.configuration.exit
        }
        print("")
        print("The configuration is valid.")
    }
}
