import Foundation
import Glibc
import Inotify

/// The regular files below a folder, depth first, read one directory entry at a time so a
/// folder of millions of files is never listed into memory. Ignored names are passed over;
/// symlinks are reported (never followed) so the caller can say why they were not processed.
/// So are names that are not valid UTF-8: no `String` or `URL` can name such a file, so it
/// cannot be read, moved or named after; the caller says "rename it" rather than let the photo
/// wait unseen or call it vanished.
public struct FolderWalk: Sequence, Sendable {
    public let root: URL
    public let ignored: IgnoredNames

    public init(_ root: URL, ignoring ignored: IgnoredNames = IgnoredNames()) {
        self.root = root
        self.ignored = ignored
    }

    public func makeIterator() -> Iterator { Iterator(root: root, ignored: ignored) }

    /// One thing found: a regular file, a symlink left alone, or a file or folder whose name is
    /// not valid UTF-8 (not entered, left alone). Its URL and relative path hold the name's
    /// display form (`caf\xE9.jpg`): they are for messages and keys, and name no file.
    public enum Entry: Sendable, Equatable {
        case file(URL, relative: String)
        case link(URL, relative: String)
        case notUTF8(URL, relative: String, isFolder: Bool)
    }

    /// Why a file or folder of this name is not taken, in the words of an event and `status`.
    public static func notUTF8Reason(isFolder: Bool) -> String {
        isFolder ? "the folder's name is not valid UTF-8; rename it (the photos in it wait until then)"
            : "the name is not valid UTF-8; rename it"
    }

    /// `DT_DIR`, `DT_REG` or `DT_LNK` of `name` in `dir`, asked by the raw name (so a name that is
    /// not UTF-8 is found too); nil for anything else or what vanished.
    static func type(of name: FileName, in dir: OpaquePointer) -> Int32? {
        var info = stat()
        let found = (name.bytes + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { fstatat(dirfd(dir), $0.baseAddress!, &info, AT_SYMLINK_NOFOLLOW) == 0 }
        }
        guard found else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return Int32(DT_DIR)
        case S_IFREG: return Int32(DT_REG)
        case S_IFLNK: return Int32(DT_LNK)
        default: return nil
        }
    }

    /// Yields each entry with its path relative to the walk's root.
    public final class Iterator: IteratorProtocol {
        private var stack: [(dir: OpaquePointer, url: URL, relative: String)] = []
        private let ignored: IgnoredNames

        init(root: URL, ignored: IgnoredNames) {
            self.ignored = ignored
            if let dir = opendir(root.path) { stack.append((dir, root, "")) }
        }

        deinit { for entry in stack { closedir(entry.dir) } }

        public func next() -> Entry? {
            while let top = stack.last {
                guard let entry = readdir(top.dir) else {
                    closedir(top.dir)
                    stack.removeLast()
                    continue
                }
                let fileName = DirectoryEntry.fileName(entry)
                let name = fileName.string ?? fileName.display
                if name == "." || name == ".." || ignored.ignores(name) { continue }
                let url = top.url.appendingPathComponent(name)
                let relative = top.relative.isEmpty ? name : top.relative + "/" + name
                var type = DirectoryEntry.type(entry)
                if type == Int32(DT_UNKNOWN) {
                    guard let known = FolderWalk.type(of: fileName, in: top.dir) else { continue }
                    type = known
                }
                if fileName.string == nil {
                    guard type == Int32(DT_DIR) || type == Int32(DT_REG) else { continue }
                    return .notUTF8(url, relative: relative, isFolder: type == Int32(DT_DIR))
                }
                switch type {
                case Int32(DT_DIR):
                    if let dir = opendir(url.path) { stack.append((dir, url, relative)) }
                case Int32(DT_REG):
                    return .file(url, relative: relative)
                case Int32(DT_LNK):
                    return .link(url, relative: relative)
                default:
                    continue
                }
            }
            return nil
        }
    }
}
