import Foundation
import Glibc

/// `hotfolders catalog restore`: puts a verified backup in place of the catalog. The catalog it
/// replaces is never deleted: it is renamed `catalog.sqlite.replaced-<UTC time>` (with its WAL
/// beside it), so a restore can itself be undone. The caller holds the agent lock, so no agent
/// writes meanwhile.
public enum CatalogRestore {
    public struct Outcome: Sendable {
        public var restored: CatalogBackups.Backup
        /// Where the replaced catalog went, if there was one.
        public var keptAside: URL?
    }

    /// Restores `backup` (a path, or nil for the newest backup that verifies).
    public static func restore(state: URL, backup chosen: URL?, now: Date = Date()) throws -> Outcome {
        let backups = CatalogBackups(state: state)
        let backup: CatalogBackups.Backup
        if let chosen {
            try CatalogBackups.verify(chosen)
            let listed = try backups.list().first { $0.url.standardizedFileURL == chosen.standardizedFileURL }
            var info = stat()
            _ = stat(chosen.path, &info)
            backup = listed ?? CatalogBackups.Backup(url: chosen, bytes: Int64(info.st_size), made: now, reason: .scheduled)
        } else {
            let candidates = try backups.list().reversed()
            guard let good = candidates.first(where: { (try? CatalogBackups.verify($0.url)) != nil }) else {
                throw RestoreError.noBackup(backups.folder.path, tried: candidates.count)
            }
            backup = good
        }

        let catalog = state.appendingPathComponent("catalog.sqlite")
        var keptAside: URL?
        if FileManager.default.fileExists(atPath: catalog.path) {
            let aside = state.appendingPathComponent("catalog.sqlite.replaced-\(CatalogBackups.stamp.string(from: now))")
            for suffix in ["", "-wal", "-shm"] {
                let from = catalog.path + suffix
                guard FileManager.default.fileExists(atPath: from) else { continue }
                guard rename(from, aside.path + suffix) == 0 else { throw SystemError("set aside", from) }
            }
            keptAside = aside
        }
        let bytes = try Array(Data(contentsOf: backup.url))
        let folder = try Folder.open(state)
        try folder.writeDurably(".catalog.sqlite.restoring", bytes: bytes)
        guard try folder.move(".catalog.sqlite.restoring", to: folder, as: "catalog.sqlite") else {
            throw SystemError("move into place", catalog.path, code: EXDEV)
        }
        return Outcome(restored: backup, keptAside: keptAside)
    }

    public enum RestoreError: Error, CustomStringConvertible {
        case noBackup(String, tried: Int)

        public var description: String {
            switch self {
            case .noBackup(let folder, let tried):
                return tried == 0
                    ? "there is no backup in \(folder): the agent makes one a day (backup_interval), or run `hotfolders catalog backup`"
                    : "none of the \(tried) backup(s) in \(folder) is sound; name one with `hotfolders catalog restore FILE`"
            }
        }
    }
}
