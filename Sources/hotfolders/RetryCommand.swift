import ArgumentParser
import Foundation
import HotFolders

struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Put failed originals back into the inbox to be processed again.",
        discussion: """
            Moves each original in failed/<Album>/ (every album, only --album, or only the FILEs \
            named) back to inbox/<Album>/ under the same path, never over a file there (a clash gets \
            IMG_1_1.jpg, ...), and removes its .error.json. A running agent takes them at once; \
            otherwise run `hotfolders process`. Repair or replace a photo in failed/ first if it was \
            damaged: the same content fails the same way unless the configuration changed. Exits \
            non-zero if a FILE named is not in failed/.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only this album's failed photos (and FILEs relative to its folder).", valueName: "album"))
    var album: String?

    @Argument(help: ArgumentHelp(
        "Failed photos: a path relative to failed/<Album>/ or to failed/, or a path to a file inside failed/ (default: all).",
        valueName: "file"))
    var files: [String] = []

    func validate() throws {
        try Console.checkAlbumOption(album)
    }

    func run() async throws {
        let configuration = try global.loadConfiguration()
        let workspace = try Console.open(configuration)
        let layout = configuration.layout
        let failed = FailedPhotos(layout: layout, ignoring: configuration.ignored)
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)

        var photos: [FailedPhotos.Photo] = []
        var problems = 0
        if files.isEmpty {
            photos = failed.all(album: album)
        } else {
            for file in files {
                do {
                    let photo = try failed.photo(named: file, album: album, currentDirectory: here)
                    if !photos.contains(photo) { photos.append(photo) }
                } catch {
                    GlobalOptions.printError("Error: \(error)")
                    problems += 1
                }
            }
        }

        var retried = 0
        for photo in photos {
            do {
                let result = try failed.retry(photo, events: workspace.events, catalog: workspace.catalog)
                Console.say("retried    \(photo) -> inbox/\(photo.album)/\(result.inboxName)")
                retried += 1
            } catch {
                GlobalOptions.printError("Error: \(photo): \(error)")
                problems += 1
            }
        }

        if files.isEmpty && photos.isEmpty {
            Console.say("Nothing to retry: no photos in \(layout.failed.path)/" + (album.map { "\($0)/" } ?? ""))
        } else {
            print("\(retried) \(retried == 1 ? "photo" : "photos") put back into \(layout.inbox.path)/"
                  + (problems > 0 ? "; \(problems) \(problems == 1 ? "error" : "errors") above" : ""))
        }
        if retried > 0 {
            print("A running agent processes them now; otherwise run `hotfolders process`.")
        }
        if problems > 0 { throw ExitStatus.failures.exit }
    }
}
