import ArgumentParser
import Foundation
import HotFolders
import Logging

/// Start-up shared by the commands that work on photos: diagnostics to stderr, libvips, and the
/// workspace. A fault here (catalog cannot open, root missing or not writable) ends the command
/// with one plain sentence and exit 78 (no usage text: the command line was right); faults
/// with single photos never do.
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

    /// One line on stdout, names in it made visible, as `printError` does on stderr: every
    /// command prints names (of photos, albums, outputs) through one of the two.
    static func say(_ line: String) { print(EventFormatter.visible(line)) }

    static func open(_ configuration: Configuration) throws -> Workspace {
        do {
            try ImageLibrary.start()
        } catch {
            throw CommandFailure("libvips cannot start: \(error)")
        }
        do {
            return try Workspace(configuration, logger: logger)
        } catch {
            throw failure(opening: error, state: configuration.state)
        }
    }

    /// The catalog alone (`status`, `show`, `catalog export`).
    static func openCatalog(_ configuration: Configuration) throws -> Catalog {
        do {
            return try Catalog(directory: configuration.state)
        } catch {
            throw failure(opening: error, state: configuration.state)
        }
    }

    /// What stopped the workspace from opening, said once. Only a full disk may pass by itself
    /// (status 1, so the systemd unit tries again); the rest waits for the user (78).
    static func failure(opening error: Error, state: URL) -> CommandFailure {
        if let problem = error as? FolderProblem { return CommandFailure(problem.description) }
        var failure = switch error {
        case let error as CatalogError: CommandFailure(error)
        case let error as SystemError: CommandFailure("\(error)")
        default: CommandFailure("cannot open the workspace: \(error)")
        }
        // SQLite says "disk I/O error" as often as "disk is full": ask the file system too.
        if DiskFull.explains(error) || DiskFull.isFull(at: state) {
            failure.message += " (the disk holding \(state.path) is full)"
            failure.status = .failures
        }
        return failure
    }

    /// The catalog and the photo a command names (`show`, `place`): an original anywhere, or a
    /// file in the outbox; a clear message for one it cannot find.
    static func lookUp(_ file: String, configuration: Configuration, album: String? = nil) throws -> (Catalog, PhotoLookup) {
        let catalog = try openCatalog(configuration)
        let url = URL(fileURLWithPath: (file as NSString).expandingTildeInPath).standardizedFileURL
        do {
            return (catalog, try PhotoLookup.find(url, layout: configuration.layout, catalog: catalog, album: album))
        } catch {
            throw ValidationError(EventFormatter.visible("\(file): \(error)"))
        }
    }

    /// An `--album` value names one folder under inbox/: never a path, `.` or `..`.
    static func checkAlbumOption(_ album: String?) throws {
        if let album, album.isEmpty || album == "." || album == ".." || album.contains("/") {
            throw ValidationError("--album must be a folder name (no '/'), got '\(album)'")
        }
    }
}
