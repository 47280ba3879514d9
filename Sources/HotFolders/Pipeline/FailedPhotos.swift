import Crypto
import Foundation
import Glibc

/// The originals set aside in `failed/<Album>/` (each with its `<name>.error.json`), and the way
/// back for them: `retry` moves one into `inbox/<Album>/` under the same relative path, never
/// over a file already there, so it is processed again. Nothing else is needed for that: the
/// catalog admits a failed row again when the same content arrives, and new content (a repaired
/// photo put in its place) is simply a new photo.
public struct FailedPhotos: Sendable {
    /// One original in failed/.
    public struct Photo: Sendable, Hashable, CustomStringConvertible {
        public var album: String
        /// Its path relative to `failed/<Album>/` (`IMG_1.jpg`, `day 2/IMG_7.jpg`).
        public var name: String

        public init(album: String, name: String) {
            self.album = album
            self.name = name
        }

        public var description: String { "\(album)/\(name)" }
    }

    /// A photo put back into the inbox.
    public struct Retried: Sendable, Equatable {
        public var photo: Photo
        /// Its path relative to `inbox/<Album>/`: the same as in failed/, or `IMG_1_1.jpg`, ... when
        /// a file of that name had arrived in the inbox meanwhile.
        public var inboxName: String
    }

    /// A photo named on the command line that is not one in failed/.
    public enum LookupError: Error, Sendable, Equatable, CustomStringConvertible {
        case notFound(String)
        case outsideFailed(String, failed: String)
        case ambiguous(String, albums: [String])

        public var description: String {
            switch self {
            case .notFound(let path): "\(path): no such photo in failed/"
            case .outsideFailed(let path, let failed): "\(path): not inside \(failed)/"
            case .ambiguous(let path, let albums):
                "\(path): in more than one album (\(albums.joined(separator: ", "))); name one with --album"
            }
        }
    }

    public let layout: Layout
    /// Names never taken from the inbox are not offered back to it either.
    public let ignored: IgnoredNames

    public init(layout: Layout, ignoring ignored: IgnoredNames = IgnoredNames()) {
        self.layout = layout
        self.ignored = ignored
    }

    /// The album folders in failed/, sorted (real folders only: no symlinks, no ignored names).
    public func albums() -> [String] {
        (try? AlbumFolders.list(in: layout.failed, ignoring: ignored).names) ?? []
    }

    /// Every failed original, or only one album's, sorted by album and path. Error reports, our
    /// own temporary files and symlinks are left out.
    public func all(album: String? = nil) -> [Photo] {
        (album.map { [$0] } ?? albums()).flatMap { album in
            FolderWalk(layout.failed(album: album), ignoring: ignored).compactMap { entry -> Photo? in
                guard case .file(_, let relative) = entry, Self.isPhotoName(relative) else { return nil }
                return Photo(album: album, name: relative)
            }.sorted { $0.name < $1.name }
        }
    }

    /// The photo a command-line argument names: a path to a file inside failed/ (absolute, or
    /// relative to `currentDirectory`), else a path relative to `failed/<album>/` (every album's
    /// when `album` is nil) or to failed/ itself (`Trip/IMG_1.jpg`). Naming a photo's
    /// `.error.json` names the photo.
    public func photo(named argument: String, album: String? = nil, currentDirectory: URL) throws(LookupError) -> Photo {
        var path = argument
        if path.hasSuffix(Self.reportSuffix), path.count > Self.reportSuffix.count { path.removeLast(Self.reportSuffix.count) }

        let given = path.hasPrefix("/") ? URL(fileURLWithPath: path) : currentDirectory.appendingPathComponent(path)
        if path.hasPrefix("/") || isFile(given) {
            guard let (inAlbum, name) = place(of: given) else {
                if !isFile(given) { throw .notFound(argument) }
                throw .outsideFailed(argument, failed: layout.failed.path)
            }
            let photo = Photo(album: inAlbum, name: name)
            guard album == nil || album == inAlbum, exists(photo) else { throw .notFound(argument) }
            return photo
        }

        var candidates = (album.map { [$0] } ?? albums()).map { Photo(album: $0, name: path) }
        if album == nil, let slash = path.firstIndex(of: "/") {
            candidates.append(Photo(album: String(path[..<slash]), name: String(path[path.index(after: slash)...])))
        }
        let found = candidates.filter(exists)
        guard let first = found.first else { throw .notFound(argument) }
        guard found.count == 1 else { throw .ambiguous(argument, albums: found.map(\.album)) }
        return first
    }

    /// Moves the photo back to `inbox/<Album>/<same path>` (or a numbered name beside it), removes
    /// its error report, and records a `retry` event.
    /// The photo's row in `catalog` goes back to queued (it is waiting again, not failed).
    public func retry(_ photo: Photo, events: EventLog, catalog: Catalog) throws -> Retried {
        var folders = photo.name.split(separator: "/").map(String.init)
        let name = folders.removeLast()
        let source = try Folder.open(layout.failed).folder([photo.album] + folders, create: false)
        let inbox = try Folder.open(layout.root).folder(["inbox", photo.album] + folders, create: true)
        let relocation = try source.relocate(name, to: inbox)
        // Copied back but also still in failed/: a second retry would copy it again, so say so.
        if let left = relocation.sourceLeft { throw left }
        let target = relocation.name
        // An orphaned report is harmless (listing passes over reports), so a failure to remove it
        // must not hide that the photo is back in the inbox.
        if source.exists(name + Self.reportSuffix) { try? source.remove(name + Self.reportSuffix) }
        // The photo is back whatever the catalog says; a row left failed only miscounts `status`.
        try? catalog.requeueRetried(album: photo.album, failedPath: (["failed", photo.album] + folders + [name]).joined(separator: "/"))
        Self.announce(target, in: inbox)

        let inboxName = (folders + [target]).joined(separator: "/")
        events.record(Event(.retry, album: photo.album, file: inboxName,
                            fields: ["from": (["failed", photo.album] + folders + [name]).joined(separator: "/")]))
        return Retried(photo: photo, inboxName: inboxName)
    }

    static let reportSuffix = ".error.json"

    /// Not an error report and not one of our temporary files.
    static func isPhotoName(_ relative: String) -> Bool {
        let name = relative.split(separator: "/").last.map(String.init) ?? relative
        return !name.hasSuffix(reportSuffix) && !(name.hasPrefix(".hotfolders-") && name.hasSuffix(".partial"))
    }

    // MARK: Moving

    /// A hard link raises only IN_CREATE, which a watcher waiting for IN_CLOSE_WRITE and
    /// IN_MOVED_TO does not take as an arrival; opening the file for writing and closing it
    /// unchanged raises IN_CLOSE_WRITE, so a running agent sees the photo at once rather than at
    /// its next reconcile. If the file cannot be opened so (read-only), the reconcile finds it.
    private static func announce(_ name: String, in folder: Folder) {
        let fd = openat(folder.fd, name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        if fd >= 0 { close(fd) }
    }

    // MARK: Looking

    /// If `url` lies inside `failed/<Album>/`, the album and the path within it (symlinks in
    /// the path resolved, so a root reached through a link still matches).
    private func place(of url: URL) -> (album: String, name: String)? {
        for (base, path) in [(layout.failed.path, url.standardizedFileURL.path),
                             (layout.failed.resolvingSymlinksInPath().path, url.resolvingSymlinksInPath().path)] {
            guard path.hasPrefix(base + "/") else { continue }
            let rest = path.dropFirst(base.count + 1).split(separator: "/", maxSplits: 1).map(String.init)
            if rest.count == 2 { return (rest[0], rest[1]) }
        }
        return nil
    }

    private func exists(_ photo: Photo) -> Bool {
        let parts = photo.name.split(separator: "/", omittingEmptySubsequences: false)
        guard !photo.album.isEmpty, !photo.album.contains("/"), photo.album != ".", photo.album != "..",
              !parts.isEmpty, !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
              Self.isPhotoName(photo.name) else { return false }
        return isFile(layout.failed(album: photo.album).appendingPathComponent(photo.name))
    }

    /// A regular file itself, not a symlink to one.
    private func isFile(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}
