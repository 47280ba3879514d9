import Foundation
import Glibc
import Inotify

/// The regular files below a folder, depth first, read one directory entry at a time so a
/// folder of millions of files is never listed into memory. Ignored names are passed over;
/// symlinks are reported (never followed) so the caller can say why they were not processed.
public struct FolderWalk: Sequence, Sendable {
    public let root: URL
    public let ignored: IgnoredNames

    public init(_ root: URL, ignoring ignored: IgnoredNames = IgnoredNames()) {
        self.root = root
        self.ignored = ignored
    }

    public func makeIterator() -> Iterator { Iterator(root: root, ignored: ignored) }

    /// One thing found: a regular file, or a symlink left alone.
    public enum Entry: Sendable, Equatable {
        case file(URL, relative: String)
        case link(URL, relative: String)
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
                let name = DirectoryEntry.name(entry)
                if name == "." || name == ".." || ignored.ignores(name) { continue }
                let url = top.url.appendingPathComponent(name)
                let relative = top.relative.isEmpty ? name : top.relative + "/" + name
                var type = DirectoryEntry.type(entry)
                if type == Int32(DT_UNKNOWN) {
                    var info = stat()
                    guard lstat(url.path, &info) == 0 else { continue }
                    switch info.st_mode & S_IFMT {
                    case S_IFDIR: type = Int32(DT_DIR)
                    case S_IFREG: type = Int32(DT_REG)
                    case S_IFLNK: type = Int32(DT_LNK)
                    default: continue
                    }
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
