import ArgumentParser
import Foundation
import HotFolders

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Counts per album by state, and the latest failures.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Only this album (its folder name under inbox/).", valueName: "album"))
    var album: String?

    @Option(name: .long, help: ArgumentHelp("How many of the latest failures to list.", valueName: "count"))
    var failures: Int = 10

    func validate() throws {
        guard failures >= 0 else { throw ValidationError("--failures must be 0 or more") }
    }

    func run() async throws {
        let configuration = try global.loadConfiguration()
        let catalog = try Console.openCatalog(configuration)
        let report = try StatusReport.gather(catalog: catalog, layout: configuration.layout, album: album,
                                             failureLimit: failures, ignoring: configuration.ignored)
        print(report.table(), terminator: "")
        print("\n" + CatalogHealth.of(catalog).line)
        if let agent = AgentSnapshot.read(state: configuration.state) {
            print("")
            for line in agent.lines { Console.say(line) }
        } else {
            print("\nNo agent is running (`hotfolders run`, or `systemctl --user start hotfolders`).")
        }
    }
}
