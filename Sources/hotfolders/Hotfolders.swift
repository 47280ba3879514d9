import ArgumentParser
import Foundation
import HotFolders

/// The `hotfolders` command: argument parsing and printing only; the work is in the HotFolders library.
@main
struct Hotfolders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotfolders",
        abstract: "Photos dropped into per-album hot folders, processed into outbox folders.",
        discussion: ExitStatus.help,
        subcommands: [
            RunCommand.self,
            ProcessCommand.self,
            StatusCommand.self,
            LogCommand.self,
            CheckConfigCommand.self,
            RetryCommand.self,
            DeployCommand.self,
            StylesCommand.self,
            RestyleCommand.self,
            ShowCommand.self,
            PlaceCommand.self,
            CatalogCommand.self,
        ]
    )

    /// ArgumentParser's own `main`, except that a `CommandFailure` is said plainly with its own
    /// status: ArgumentParser would print any other error after "Error:" with status 1.
    static func main() async {
        do {
            var command = try await asyncParseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            GlobalOptions.printError("Error: \(failure.message)")
            Foundation.exit(failure.status.rawValue)
        } catch let error as CatalogError {
            // However a command met it (the agent's start-up check, a read), said as opening does.
            let failure = CommandFailure(error)
            GlobalOptions.printError("Error: \(failure.message)")
            Foundation.exit(failure.status.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
