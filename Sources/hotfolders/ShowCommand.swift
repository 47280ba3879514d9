import ArgumentParser
import Foundation
import HotFolders

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "What hotfolders knows of a photo: place, capture time, GPS, camera, its name and its mark.",
        discussion: """
            FILE is a photo anywhere (in the inbox, originals/, failed/, or elsewhere: it is found \
            in the catalog by its content) or a file in the outbox (its original is shown). A photo \
            the catalog does not know yet is read now with its album's settings, and nothing is \
            recorded.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The album whose settings read a photo not yet in the catalog (default: its folder's name).",
                               valueName: "album"))
    var album: String?

    @Argument(help: ArgumentHelp("The photo.", valueName: "file"))
    var file: String

    func run() async throws {
        let configuration = try global.loadConfiguration()
        let (catalog, lookup) = try Console.lookUp(file, configuration: configuration, album: album)
        let url = URL(fileURLWithPath: (file as NSString).expandingTildeInPath).standardizedFileURL

        if let photo = lookup.photos.first, let metadata = try catalog.metadata(photoID: photo.id) {
            Console.say("\(photo.album)/\(photo.originalName)  (\(photo.status.rawValue), sha256 \(photo.sha256.prefix(12)))")
            for line in metadata.reportLines() { Console.say("  " + line) }
            if let override = try catalog.placeOverride(sha256: lookup.sha256) {
                Console.say("  place set by hand on \(Timestamp.string(override.setAt)) (hotfolders place)")
            }
            let claim = try catalog.nameClaim(photoID: photo.id)
            let naming = NamingPreview(originalName: photo.originalName, album: photo.album, kind: lookup.kind ?? .jpeg,
                                       sha256: photo.sha256, metadata: metadata,
                                       settings: configuration.settings(forAlbum: photo.album), claim: claim)
            for line in naming.reportLines { Console.say("  " + line) }
            return
        }
        guard let kind = lookup.kind else {
            throw ValidationError(EventFormatter.visible(file) + ": not a photo hotfolders reads (\(ImageKind.readableNames))")
        }
        try ImageLibrary.start()
        let albumName = album ?? lookup.album ?? url.deletingLastPathComponent().lastPathComponent
        let settings = configuration.settings(forAlbum: albumName)
        let metadata = await MetadataRule(settings: settings.metadata)
            .read(lookup.url, kind: kind, sha256: lookup.sha256, catalog: catalog)
        let status = lookup.photos.first.map { "\($0.status.rawValue), " } ?? ""
        Console.say("\(url.lastPathComponent)  (\(status)not read by the metadata rule yet: read now with album \"\(albumName)\"'s settings)")
        for line in metadata.reportLines() { Console.say("  " + line) }
        let naming = NamingPreview(originalName: url.lastPathComponent, album: albumName, kind: kind, sha256: lookup.sha256,
                                       metadata: metadata, settings: settings, claim: nil)
        for line in naming.reportLines { Console.say("  " + line) }
    }

    /// Names, places and camera fields come from files and EXIF: no control character in them
    /// may reach the terminal.
}
