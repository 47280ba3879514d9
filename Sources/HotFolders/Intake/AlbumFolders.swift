import Foundation
import Glibc
import Inotify

/// The album folders directly inside `inbox/` (or `failed/`, for `retry`): the one lister of
/// albums, so that `status`, `check-config`, `process`, `retry` and the agent (start-up,
/// reconcile, a folder that appears) agree on what is an album. Real folders only: no symlinks,
/// no files, no name on the `ignore` list (a NAS's `@eaDir` thumbnails or `#recycle` bin is
/// never an album).
///
/// A folder whose name is not valid UTF-8 (a Latin-1 `caf\xE9` from an old card or an SMB
/// share) is not an album either: no `String` or `URL` can name it, so its photos could not be
/// read, moved or named by it. It is listed apart, in its display form, for the agent and
/// `status` to say so ("rename it") instead of leaving its photos waiting unseen.
public struct AlbumFolders: Sendable, Equatable {
    /// The albums, sorted.
    public var names: [String] = []
    /// Folders refused because their name is not valid UTF-8, in display form (`caf\xE9`), sorted.
    public var notUTF8: [String] = []

    /// Whether a folder called `name` directly inside the inbox is an album.
    public static func isAlbum(_ name: String, ignoring ignored: IgnoredNames) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !ignored.ignores(name)
    }

    /// Lists `folder` one directory entry at a time.
    /// - Throws: `SystemError` when the folder cannot be opened.
    public static func list(in folder: URL, ignoring ignored: IgnoredNames) throws -> AlbumFolders {
        guard let dir = opendir(folder.path) else { throw SystemError("list", folder.path) }
        defer { closedir(dir) }
        var found = AlbumFolders()
        while let entry = readdir(dir) {
            let name = DirectoryEntry.fileName(entry)
            guard isFolder(entry, named: name, in: dir) else { continue }
            if let text = name.string {
                if isAlbum(text, ignoring: ignored) { found.names.append(text) }
            } else if !ignored.ignores(name.display) {
                found.notUTF8.append(name.display)
            }
        }
        found.names.sort()
        found.notUTF8.sort()
        return found
    }

    /// A real folder (not a symlink to one), asked of the folder's descriptor by the raw name, so
    /// a name that is not UTF-8 is looked at too.
    static func isFolder(_ entry: UnsafeMutablePointer<dirent>, named name: FileName, in dir: OpaquePointer) -> Bool {
        switch DirectoryEntry.type(entry) {
        case Int32(DT_DIR): return true
        case Int32(DT_UNKNOWN): return FolderWalk.type(of: name, in: dir) == Int32(DT_DIR)
        default: return false
        }
    }
}
