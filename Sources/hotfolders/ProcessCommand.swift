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
            elsewhere are read in place and left where they are. Exits non-zero if any photo failed.
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
        // The agent processes the inbox itself; two processes on one inbox would race.
        if paths.isEmpty, let pid = AgentLock.holder(state: configuration.state) {
            throw ValidationError("the agent is running (pid \(pid)) and processes the inbox itself; "
                + "`hotfolders status` shows what it is doing")
        }
        let workspace = try Console.open(configuration)
        let layout = configuration.layout
        let stream: ArrivalStream = paths.isEmpty
            ? .inbox(layout, ignoring: configuration.ignored)
            : .paths(paths.map { URL(fileURLWithPath: $0) }, album: album, layout: layout, ignoring: configuration.ignored)

        let progress = ProgressLine()
        let summary = await Batch(pipeline: workspace.pipeline, workers: configuration.workers)
            .run(stream) { arrival, outcome in progress.report(arrival, outcome) }
        progress.finish()
        print(summary.line)
        if summary.processed > 0 {
            print("Results are in \(layout.outbox.path)/")
        }
        if summary.total == 0 && paths.isEmpty {
            print("Nothing waiting: drop photos into \(layout.inbox.path)/<Album>/")
        }
        // Albums that deploy: what this batch made (and anything still pending) goes up now.
        let deployer = Deployer(workspace: workspace, logger: Console.logger)
        var deployFailed = false
        if summary.processed + summary.recovered > 0, !(try deployer.deployingAlbums(only: album)).isEmpty {
            do { try DeployCommand.print(await deployer.deploy(album: album), dryRun: false) } catch { deployFailed = true }
        }
        if summary.failed > 0 {
            print("Failed originals and their reasons are in \(layout.failed.path)/ (see `hotfolders status`).")
            throw ExitCode(1)
        }
        if deployFailed { throw ExitCode(1) }
    }
}
