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
            // A file from elsewhere: its time is when it was last written.
            let written = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
            backup = listed ?? CatalogBackups.Backup(url: chosen, bytes: Int64(info.st_size), made: written, reason: .scheduled)
        } else {
            let candidates = try backups.list().reversed()
            guard let good = candidates.first(where: { (try? CatalogBackups.verify($0.url)) != nil }) else {
                throw RestoreError.noBackup(backups.folder.path, tried: candidates.count)
            }
            backup = good
        }

        // No other command may have the catalog open while it is swapped (its writes would go
        // to the file set aside): every open catalog holds this lock shared.
        let inUse = open(state.appendingPathComponent("catalog.lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard inUse >= 0 else { throw SystemError("open", state.appendingPathComponent("catalog.lock").path) }
        defer { close(inUse) }
        guard flock(inUse, LOCK_EX | LOCK_NB) == 0 else { throw RestoreError.inUse }

        // The copy is made whole first: a full disk stops the restore here, with the live
        // catalog untouched. Only then is the live one set aside and the copy put in its place;
        // if that fails, the live one goes back.
        let folder = try Folder.open(state)
        let staging = ".catalog.sqlite.restoring"
        try folder.writeDurably(staging, bytes: try Array(Data(contentsOf: backup.url)))
        let catalog = state.appendingPathComponent("catalog.sqlite")
        var keptAside: URL?
        var setAside: [(from: String, to: String)] = []
        do {
            if FileManager.default.fileExists(atPath: catalog.path) {
                let aside = state.appendingPathComponent("catalog.sqlite.replaced-\(CatalogBackups.stamp.string(from: now))")
                for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: catalog.path + suffix) {
                    guard rename(catalog.path + suffix, aside.path + suffix) == 0 else { throw SystemError("set aside", catalog.path + suffix) }
                    setAside.append((catalog.path + suffix, aside.path + suffix))
                }
                keptAside = aside
            }
            guard try folder.move(staging, to: folder, as: "catalog.sqlite") else {
                throw SystemError("move into place", catalog.path, code: EXDEV)
            }
        } catch {
            for (from, to) in setAside.reversed() { rename(to, from) }
            try? folder.remove(staging)
            throw error
        }
        return Outcome(restored: backup, keptAside: keptAside)
    }

    public enum RestoreError: Error, CustomStringConvertible {
        case noBackup(String, tried: Int)
        case inUse

        public var description: String {
            switch self {
            case .inUse:
                return "another hotfolders command (process, retry, status, ...) has the catalog open; let it finish first"
            case .noBackup(let folder, let tried):
                return tried == 0
                    ? "there is no backup in \(folder): the agent makes one a day (backup_interval), or run `hotfolders catalog backup`"
                    : "none of the \(tried) backup(s) in \(folder) is sound; name one with `hotfolders catalog restore FILE`"
            }
        }
    }
}
