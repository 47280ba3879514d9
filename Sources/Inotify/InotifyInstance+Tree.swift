import Glibc

extension InotifyInstance {
    /// What watching a folder tree did.
    public struct TreeWatch: Sendable {
        /// Folders watched by this call (those already watched are not listed).
        public var added: [String] = []
        /// Folders the kernel refused, with its reason. What is below a refused folder was not
        /// visited: whoever polls the folder polls what is inside it too.
        public var refused: [Refusal] = []
        /// With `prune`: watches removed because their folder is no longer in the tree.
        public var pruned = 0
    }

    public struct Refusal: Sendable, Equatable {
        public var path: String
        public var error: InotifyError
    }

    /// Watches `root` and every folder below it, parent before children, never following a
    /// symlink below the root and never entering a folder whose name `skip` accepts.
    ///
    /// Not `inotifytools_watch_recursively`, for three reasons:
    /// - it watches children before their parent, so a subfolder created in the parent after
    ///   the parent was listed and before it was watched is seen neither by the walk nor as an
    ///   IN_CREATE; watching the parent first and listing it afterwards closes that gap;
    /// - it gives up on the first refusal other than EACCES/ENOENT/ELOOP without saying which
    ///   folder it was, leaving an unknown part of the tree unwatched, where ENOSPC must name the
    ///   folder and let the walk go on to the others;
    /// - its exclude list takes whole paths, not names like `@eaDir`.
    ///
    /// - Parameters:
    ///   - followRoot: watch `root` even if it is a symlink (the user may point `inbox` at another disk).
    ///   - prune: also remove watches below `root` whose folder the walk did not find (after lost events).
    public func watchTree(
        _ root: String, mask: EventMask, followRoot: Bool = false, prune: Bool = false,
        skipping skip: (String) -> Bool
    ) -> TreeWatch {
        var result = TreeWatch()
        var visited = Set<String>()
        var pending = [root]
        var isRoot = true
        while let folder = pending.popLast() {
            var folderMask = mask.union([.onlyDirectory, .dontFollow])
            if isRoot && followRoot { folderMask.remove(.dontFollow) }
            isRoot = false
            let before = wd(of: folder)
            do {
                let wd = try watch(folder, mask: folderMask)
                if wd != before { result.added.append(folder) }
            } catch {
                // Gone, or replaced by a file or a symlink since it was listed: nothing to watch.
                if error.code != ENOENT && error.code != ENOTDIR && error.code != ELOOP {
                    result.refused.append(Refusal(path: folder, error: error))
                }
                continue
            }
            if prune { visited.insert(folder) }
            pending.append(contentsOf: subfolders(of: folder, skipping: skip))
        }
        if prune {
            let prefix = root.hasSuffix("/") ? root : root + "/"
            let stale = watches.values.map(\.path).filter { ($0 == root || $0.hasPrefix(prefix)) && !visited.contains($0) }
            for path in stale { removeWatch(path: path) }
            result.pruned = stale.count
        }
        return result
    }

    /// The folders directly inside `folder`, read one entry at a time; symlinks are not folders.
    private func subfolders(of folder: String, skipping skip: (String) -> Bool) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var found: [String] = []
        while let entry = readdir(dir) {
            // A folder whose name is not valid UTF-8 has no path a String can hold, so it cannot
            // be watched; the agent's scan finds it and says why it is not taken.
            guard let name = DirectoryEntry.fileName(entry).string else { continue }
            if name == "." || name == ".." || skip(name) { continue }
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            switch DirectoryEntry.type(entry) {
            case Int32(DT_DIR):
                found.append(path)
            case Int32(DT_UNKNOWN):
                // Some file systems (XFS without ftype, some FUSE) do not fill d_type.
                var info = stat()
                if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { found.append(path) }
            default:
                continue
            }
        }
        return found
    }
}
