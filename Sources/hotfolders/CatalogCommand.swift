import ArgumentParser
import Foundation
import HotFolders

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Work with the catalog as a whole: export, check, back up, restore.",
        subcommands: [Export.self, Check.self, Backup.self, Restore.self]
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

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check the catalog file and the catalog against the files under root.",
            discussion: """
                SQLite's full integrity check and foreign keys; then every output and original the \
                catalog names (missing, or changed: size and SHA-256) and every file in originals/ and \
                outbox/ it does not know. Only reads. Exits 0 when all is sound, 1 when something was \
                found, 78 when the catalog file is damaged.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Compare sizes only, not SHA-256 (quicker on a large library).")
        var sizesOnly = false

        func run() async throws {
            let configuration = try global.loadConfiguration()
            let catalog = try Console.openCatalog(configuration)
            if AgentLock.running(root: configuration.root, state: configuration.state) != nil {
                print("The agent is running: a photo being written right now may show as unknown.")
            }
            let check = try CatalogCheck.run(catalog: catalog, layout: configuration.layout, ignoring: configuration.ignored,
                                             hashing: !sizesOnly)
            for finding in check.findings { Console.say(finding.description) }
            if check.findings.contains(where: { $0.kind == .damaged }) {
                throw CommandFailure("the catalog \(catalog.url.path) is damaged (the problems above): stop the agent, then "
                    + "`hotfolders catalog restore` puts back the newest good backup")
            }
            print(check.isClean
                ? "The catalog is sound: \(check.outputsChecked) outputs and \(check.originalsChecked) originals match it."
                : "\(check.findings.count) problem(s) in \(check.outputsChecked) outputs and \(check.originalsChecked) originals; nothing was changed.")
            if !check.isClean { throw ExitStatus.failures.exit }
        }
    }

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Back the catalog up now into state/backups/ (the agent also does it on its own, daily).",
            discussion: "Online: a running agent goes on processing meanwhile. The backup is verified before it counts."
        )

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Only list the backups there are.")
        var list = false

        func run() async throws {
            let configuration = try global.loadConfiguration()
            let backups = CatalogBackups(state: configuration.state)
            if !list {
                let catalog = try Console.openCatalog(configuration)
                let made = try catalog.backUp(keeping: configuration.backupsKept)
                print("Backed up to \(made.url.path) (\(made.bytes) bytes), verified.")
            }
            let list = try backups.list()
            if list.isEmpty { print("No backups in \(backups.folder.path)/.") }
            for backup in list {
                print("\(Timestamp.string(backup.made))  \(backup.bytes) bytes  \(backup.url.lastPathComponent)")
            }
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Put a backup back in place of the catalog (stop the agent first).",
            discussion: """
                Without BACKUP, the newest backup that verifies. The catalog replaced is kept beside it \
                (catalog.sqlite.replaced-<time>), never deleted. Then the restored catalog is checked \
                against the files, and what it does not know is listed.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("A backup file (default: the newest good one in state/backups/).", valueName: "backup"))
        var backup: String?

        func run() async throws {
            let configuration = try global.loadConfiguration()
            // Held for the whole restore: no agent may start on the catalog being replaced.
            let lock: AgentLock
            do {
                lock = try AgentLock.acquire(root: configuration.root, state: configuration.state, config: configuration.source)
            } catch let error as AgentLock.Held {
                throw CommandFailure("\(error); stop it first (`systemctl --user stop hotfolders`)")
            }
            defer { withExtendedLifetime(lock) {} }
            let chosen = backup.map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath) }
            let outcome: CatalogRestore.Outcome
            do {
                outcome = try CatalogRestore.restore(state: configuration.state, backup: chosen)
            } catch {
                throw CommandFailure("\(error)", status: .failures)
            }
            print("Restored \(outcome.restored.url.lastPathComponent) (made \(Timestamp.string(outcome.restored.made))).")
            if let aside = outcome.keptAside { print("The catalog it replaced is kept as \(aside.path).") }
            let catalog = try Console.openCatalog(configuration)
            let check = try CatalogCheck.run(catalog: catalog, layout: configuration.layout, ignoring: configuration.ignored)
            for finding in check.findings { Console.say(finding.description) }
            print(check.isClean
                ? "The restored catalog matches the files."
                : "\(check.findings.count) file(s) differ from the restored catalog (listed above; nothing was changed).")
        }
    }
}
