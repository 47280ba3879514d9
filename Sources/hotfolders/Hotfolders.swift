import ArgumentParser

/// The `hotfolders` command: argument parsing and printing only; the work is in the HotFolders library.
@main
struct Hotfolders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotfolders",
        abstract: "Photos dropped into per-album hot folders, processed into outbox folders.",
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
}
