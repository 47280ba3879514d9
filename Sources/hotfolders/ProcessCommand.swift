import ArgumentParser
import Foundation
import HotFolders
import Logging

struct ProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Run the album pipeline once on files, folders, or everything waiting in the inbox.",
        discussion: """
            With no PATH, every photo waiting in every inbox album is processed and its original put \
            away as `after` says. Files given by path inside inbox/<Album>/ are treated the same; files \
            elsewhere are read in place and left where they are. Albums that deploy are deployed \
            after the batch. One line per photo says what became of it, and of each of its styles \
            that failed.

            Exit status: 0 every photo, style and deploy done (skipped files and duplicates \
            included); 1 a photo, a style or a deploy failed (`hotfolders status` lists them); 2 \
            nothing failed but deploys stay pending (the store could not be reached; the agent or \
            `hotfolders deploy` sends them later); 64 a mistake on the command line; 78 the \
            configuration, root or state cannot be used, or an agent runs on this root.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Album for files outside the inbox (default: the name of their folder).", valueName: "name"))
    var album: String?

    @Argument(help: ArgumentHelp("Photos or folders (folders are walked recursively).", valueName: "path"))
    var paths: [String] = []

    func validate() throws {
        try Console.checkAlbumOption(album)
    }

    func run() async throws {
        let configuration = try global.loadConfiguration()
        if let held = AgentLock.running(root: configuration.root, state: configuration.state) {
            // The agent processes the inbox itself; two processes on one inbox would race. Files
            // named by path are fine beside an agent that shares our catalog (it sees what we
            // take), never beside one with a catalog of its own.
            let sameCatalog = held.holder.state == configuration.state.standardizedFileURL.path
            if paths.isEmpty {
                throw CommandFailure("\(held); it processes the inbox itself (`hotfolders status` shows what it is doing)")
            } else if !sameCatalog {
                throw CommandFailure("\(held), with another state folder: its catalog would not know these photos, "
                    + "and both would write them into one outbox")
            }
        }
        let workspace = try Console.open(configuration)
        let layout = configuration.layout
        let stream: ArrivalStream = paths.isEmpty
            ? .inbox(layout, ignoring: configuration.ignored)
            : .paths(paths.map { URL(fileURLWithPath: $0) }, album: album, layout: layout, ignoring: configuration.ignored)

        let progress = ProgressLine(catalog: workspace.catalog)
        let summary = await Batch(pipeline: workspace.pipeline, workers: configuration.workers)
            .run(stream) { arrival, outcome in progress.report(arrival, outcome) }
        progress.finish()
        print(summary.line + (progress.stylesFailed > 0 ? "; \(progress.stylesFailed) style(s) failed" : ""))
        if summary.processed > 0 {
            print("Results are in \(layout.outbox.path)/")
        }
        if summary.total == 0 && paths.isEmpty {
            print("Nothing waiting: drop photos into \(layout.inbox.path)/<Album>/")
        }
        // Albums that deploy: what this batch made (and anything still pending) goes up now.
        let deployer = Deployer(workspace: workspace, logger: Console.logger)
        var deploy = ExitStatus.ok
        if summary.processed + summary.recovered > 0, !(try deployer.deployingAlbums(only: album)).isEmpty {
            deploy = DeployCommand.print(await deployer.deploy(album: album), dryRun: false)
        }
        if summary.failed > 0 {
            print("Failed originals and their reasons are in \(layout.failed.path)/ (see `hotfolders status`).")
        }
        if progress.stylesFailed > 0 {
            print("Failed styles are listed by `hotfolders status`; `hotfolders restyle --failed` makes them again.")
        }
        // A postponed photo did not get through either: 1, though it waits in the inbox.
        if summary.failed + summary.postponed > 0 || progress.stylesFailed > 0 || deploy == .failures {
            throw ExitStatus.failures.exit
        }
        if deploy == .pending { throw ExitStatus.pending.exit }
    }
}
