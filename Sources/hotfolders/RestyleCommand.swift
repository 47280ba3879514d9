import ArgumentParser
import Foundation
import HotFolders

struct RestyleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restyle",
        abstract: "Make a style of a processed photo again (the same seed gives the same result), or retry failed styles.",
        discussion: """
            FILE is the photo's original (in originals/, the inbox, or anywhere: it is found by its \
            content) or one of its outputs in the outbox. The result replaces the style's output in \
            outbox/<Album>/<Style>/. Without --seed the seed recorded for that photo and style is \
            used again: a built-in look gives the same bytes, a generator gets the same request. \
            --failed makes every style that failed again (see `hotfolders status`). Exits non-zero \
            if a style still fails.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The style to make (repeat for several).", valueName: "style"))
    var style: [String] = []

    @Option(name: .long, help: ArgumentHelp("Make it with this seed (0 to 4294967295) instead of the recorded one.", valueName: "N"))
    var seed: UInt32?

    @Flag(name: .long, help: "Make it with a new random seed (a variation).")
    var newSeed = false

    @Flag(name: .long, help: "Make every style that failed again, with its recorded seed.")
    var failed = false

    @Option(help: ArgumentHelp("The album of FILEs outside album folders; with --failed, only this album.", valueName: "album"))
    var album: String?

    @Argument(help: ArgumentHelp("Photos: an original, or an output of it in the outbox.", valueName: "file"))
    var files: [String] = []

    func validate() throws {
        if failed {
            guard files.isEmpty, seed == nil, !newSeed else {
                throw ValidationError("--failed takes no FILE, --seed or --new-seed: it remakes each failed style with its own seed")
            }
        } else {
            guard !files.isEmpty else { throw ValidationError("name a FILE and a --style (or use --failed)") }
            guard !style.isEmpty else { throw ValidationError("name the style to make with --style (`hotfolders styles` lists them)") }
        }
        if seed != nil && newSeed { throw ValidationError("--seed and --new-seed exclude each other") }
        try Console.checkAlbumOption(album)
    }

    func run() async throws {
        let configuration = try global.loadConfiguration()
        let restyler = Restyler(workspace: try Console.open(configuration))
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let choice: Restyler.SeedChoice = seed.map { .given($0) } ?? (newSeed ? .fresh : .recorded)

        var jobs: [(target: Restyler.Target, style: String)] = []
        var problems = 0
        if failed {
            for (name, target) in try restyler.failedStyles(album: album) where style.isEmpty || style.contains(name) {
                switch target {
                case .success(let target): jobs.append((target, name))
                case .failure(let error):
                    GlobalOptions.printError("Error: \(name): \(error)")
                    problems += 1
                }
            }
            if jobs.isEmpty && problems == 0 { print("No failed styles" + (album.map { " in album \"\($0)\"" } ?? "") + ".") }
        } else {
            for file in files {
                do {
                    let target = try restyler.target(for: file, album: album, currentDirectory: here)
                    jobs += style.map { (target, $0) }
                } catch {
                    GlobalOptions.printError("Error: \(error)")
                    problems += 1
                }
            }
        }

        for job in jobs {
            let photo = "\(job.target.photo.album)/\(job.target.photo.originalName)"
            do {
                let result = try await restyler.restyle(job.target, style: job.style, seed: choice)
                if let failure = result.failure {
                    Console.say("FAILED     \(photo) \(job.style) (seed \(result.seed)): \(failure)")
                    problems += 1
                } else {
                    Console.say("restyled   \(photo) \(job.style) (seed \(result.seed)) -> \(result.output ?? "?")")
                }
            } catch {
                GlobalOptions.printError("Error: \(photo) \(job.style): \(error)")
                problems += 1
            }
        }
        if problems > 0 { throw ExitStatus.failures.exit }
    }
}
