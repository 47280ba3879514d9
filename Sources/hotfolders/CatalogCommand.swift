import ArgumentParser
import Foundation
import HotFolders

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Work with the catalog as a whole.",
        subcommands: [Export.self]
    )

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the catalog as JSON: every photo with its place, capture time, camera and outputs.",
            discussion: """
                One object per photo (duplicates left out) with at least file, album, sha256, latitude, \
                longitude, place, region, country, country_code, taken_local, taken_utc, time_source, \
                zodiac and camera; a value the photo does not have is null. Times are ISO 8601; UTC ones \
                end in Z.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Only this album.", valueName: "album"))
        var album: String?

        @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        func run() async throws {
            let configuration = try global.loadConfiguration()
            let catalog = try Console.openCatalog(configuration)
            var json = try catalog.export(album: album).json()
            json.append(0x0A)
            if let output {
                let url = URL(fileURLWithPath: (output as NSString).expandingTildeInPath)
                try json.write(to: url, options: .atomic)
            } else {
                FileHandle.standardOutput.write(json)
            }
        }
    }
}
