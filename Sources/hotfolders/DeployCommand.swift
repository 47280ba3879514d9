import ArgumentParser
import Foundation
import HotFolders

struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Upload what is waiting to be deployed, or show what would change.",
        discussion: """
            For every album with "deploy" in its rules (or only --album): the photos waiting to be \
            deployed, and those whose deploy failed, are uploaded to the album's target (unchanged \
            objects are not sent again), then the album's manifest, last, then the CloudFront \
            invalidation of what changed. Credentials come from AWS_ACCESS_KEY_ID and \
            AWS_SECRET_ACCESS_KEY or ~/.aws/credentials. Photos left pending because the store was \
            unreachable are sent by the next run or by the agent. Exits 0 when everything is on \
            the store, 1 when a photo or an album failed, 2 when nothing failed but photos stay \
            pending.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only this album.", valueName: "album"))
    var album: String?

    @Flag(help: "Show what would be uploaded and invalidated; send and record nothing.")
    var dryRun = false

    func validate() throws {
        try Console.checkAlbumOption(album)
    }

    func run() async throws {
        let configuration = try global.loadConfiguration()
        let workspace = try Console.open(configuration)
        let deployer = Deployer(workspace: workspace, logger: Console.logger)
        if let album, !configuration.settings(forAlbum: album).rules.contains(.deploy) {
            throw ValidationError("album \"\(album)\" does not deploy: add \"deploy\" to its rules and set deploy.target")
        }
        let report = await deployer.deploy(album: album, dryRun: dryRun)
        let status = Self.print(report, dryRun: dryRun)
        if status != .ok { throw status.exit }
    }

    /// The report's lines and a closing one, and how the command should end: `failures` when
    /// anything failed, `pending` when photos wait for the store (`process` shares it).
    static func print(_ report: DeployReport, dryRun: Bool) -> ExitStatus {
        for line in report.albums.flatMap(\.lines) { Swift.print(EventFormatter.visible(line)) }
        if report.albums.isEmpty {
            Swift.print("Nothing to deploy: no album with photos has \"deploy\" in its rules.")
        } else if dryRun {
            Swift.print("Dry run: nothing was sent.")
        } else if report.stillPending > 0 {
            Swift.print("\(report.stillPending) photo(s) stay pending: the store could not be reached; "
                + "the agent or the next `hotfolders deploy` sends them.")
        }
        if report.hasFailures {
            Swift.print("Some deploys failed (see above); once that is fixed, `hotfolders deploy` tries them again.")
            return .failures
        }
        return report.stillPending > 0 ? .pending : .ok
    }
}
