import ArgumentParser
import Foundation
import HotFolders
import Logging
import ServiceLifecycle

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Watch every album under inbox/ and process each photo once it has arrived (the agent).",
        discussion: """
            Runs in the foreground (systemd starts it). SIGTERM or SIGINT stops taking new files and \
            lets photos in flight finish; SIGHUP re-reads the configuration.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let configuration = try global.loadConfiguration()
        let workspace = try Console.open(configuration)
        do {
            // The agent checks it too; here a damaged catalog ends the command with exit 78.
            try workspace.catalog.quickCheck()
        } catch {
            throw Console.catalogFault(error)
        }
        let agent = Agent(workspace: workspace, configurationSource: configuration.source, logger: Console.logger)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: agent)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Console.logger))
        print("Watching \(configuration.layout.inbox.path)/ — drop photos into an album folder there "
            + "(results in \(configuration.layout.outbox.path)/). Ctrl-C stops.")
        do {
            try await group.run()
        } catch let error as AgentLock.Held {
            throw ValidationError(error.description)
        }
    }
}
