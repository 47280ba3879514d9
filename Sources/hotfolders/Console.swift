import ArgumentParser
import Foundation
import HotFolders
import Logging

/// Start-up shared by the commands that work on photos: diagnostics to stderr, libvips, and the
/// workspace. A fault here (catalog cannot open, root not writable) ends the command with a
/// clear message; faults with single photos never do.
enum Console {
    static let logger: Logger = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            let level = ProcessInfo.processInfo.environment["HOTFOLDERS_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            handler.logLevel = level ?? .notice
            return handler
        }
        return Logger(label: "hotfolders")
    }()

    static func open(_ configuration: Configuration) throws -> Workspace {
        do {
            try ImageLibrary.start()
            return try Workspace(configuration, logger: logger)
        } catch let error as CatalogError {
            if case .damaged = error { throw catalogFault(error) }
            throw ValidationError("cannot open the workspace: \(error)")
        } catch {
            throw ValidationError("cannot open the workspace: \(error)")
        }
    }

    /// The catalog and the photo a command names (`show`, `place`): an original anywhere, or a
    /// file in the outbox; a clear message for one it cannot find.
    static func lookUp(_ file: String, configuration: Configuration, album: String? = nil) throws -> (Catalog, PhotoLookup) {
        let catalog: Catalog
        do {
            catalog = try Catalog(directory: configuration.state)
        } catch {
            throw ValidationError("cannot open the catalog: \(error)")
        }
        let url = URL(fileURLWithPath: (file as NSString).expandingTildeInPath).standardizedFileURL
        do {
            return (catalog, try PhotoLookup.find(url, layout: configuration.layout, catalog: catalog, album: album))
        } catch {
            throw ValidationError("\(file): \(error)")
        }
    }

    /// An `--album` value names one folder under inbox/: never a path, `.` or `..`.
    static func checkAlbumOption(_ album: String?) throws {
        if let album, album.isEmpty || album == "." || album == ".." || album.contains("/") {
            throw ValidationError("--album must be a folder name (no '/'), got '\(album)'")
        }
    }
}
