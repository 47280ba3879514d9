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
            lets photos in flight finish; SIGHUP re-reads the configuration. One agent runs per \
            root and per state folder: a second one exits 78 naming the first (its pid and \
            config). Exits 75 when the shutdown timeout cut photos short (they are redone at the \
            next start). Exits 78 when the configuration, root or state cannot be used as they are \
            (see `hotfolders check-config`), which the systemd unit does not restart.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let configuration = try global.loadConfiguration()
        // Said before anything is opened or "Watching ..." printed; the lock the agent itself
        // takes is what decides.
        if let held = AgentLock.running(root: configuration.root, state: configuration.state) {
            throw CommandFailure(held.description)
        }
        let workspace = try Console.open(configuration)
        let agent = Agent(workspace: workspace, configurationSource: configuration.source, logger: Console.logger)
        var settings = ServiceGroupConfiguration(
            services: [.init(service: agent)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Console.logger)
        // The agent keeps `shutdown_timeout` itself and then abandons what is in flight; this
        // is the backstop should anything else hold it up.
        settings.maximumGracefulShutdownDuration = configuration.shutdownTimeout + .seconds(10)
        let group = ServiceGroup(configuration: settings)
        print("Watching \(configuration.layout.inbox.path)/ — drop photos into an album folder there "
            + "(results in \(configuration.layout.outbox.path)/). Ctrl-C stops.")
        do {
            try await group.run()
        } catch let error as AgentLock.Held {
            throw CommandFailure(error.description)
        }
        // Photos cut off by the shutdown timeout: redone at the next start, but this stop was
        // not clean, and systemd (and a script) must not hear that all was well.
        if agent.photosCutShort > 0 { throw ExitStatus.cutShort.exit }
    }
}
