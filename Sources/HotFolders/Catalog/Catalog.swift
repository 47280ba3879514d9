import Foundation
import Glibc
import GRDB
import Synchronization

/// The agent's memory: one row per photo seen, its progress through every stage, its outputs
/// and what became of its original. SQLite in WAL mode on disk (`<state>/catalog.sqlite`), so a
/// re-run or a crash never duplicates or loses work.
///
/// The agent, a `process` run and `status` may open the same file at once from different
/// processes: every write is one IMMEDIATE transaction (GRDB's default for pools) and waits
/// for the others through the busy timeout instead of failing.
public final class Catalog: Sendable {
    public let url: URL
    /// Internal so `Catalog+Feature.swift` extensions (later issues) reach the database.
    let database: DatabasePool
    /// Photos this catalog handed out with `.process` and not yet recorded as done or failed:
    /// the ones a worker of this process holds right now (see `admit`).
    let inFlight = Mutex<Set<Int64>>([])

    /// How long a write waits for another process's transaction before giving up.
    static let busyTimeout: TimeInterval = 30

    /// Opens (creating the folder and the file when needed) and migrates the catalog in `directory`.
    public init(directory: URL) throws {
        url = directory.appendingPathComponent("catalog.sqlite")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CatalogError.cannotOpen(path: url.path, message: "cannot create its folder: \(error.localizedDescription)")
        }

        var configuration = GRDB.Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(Catalog.busyTimeout)
        configuration.label = "catalog"
        configuration.prepareDatabase { db in
            // WAL + FULL: a commit is on disk when it returns, so a photo's outputs are durably
            // recorded before its original may leave the inbox (DESIGN.md, step 3).
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }

        do {
            // Two processes starting on a fresh file would both see "v1" unapplied; the second
            // would then fail on CREATE TABLE. A lock on the folder serialises opening.
            let lock = try FolderLock(directory)
            defer { lock.release() }
            database = try DatabasePool(path: url.path, configuration: configuration)
            // GRDB switches the writer to synchronous = NORMAL when it turns WAL on, after
            // prepareDatabase: set FULL again on the one connection that commits.
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try CatalogMigrations.migrator.migrate(database)
        } catch let error as CatalogError {
            throw error
        } catch {
            throw CatalogError.cannotOpen(path: url.path, message: "\(error)")
        }
    }

    /// The SQLite journal mode in effect ("wal").
    public func journalMode() throws -> String {
        try database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Runs `updates` in one write transaction, stamping it with one time for every row it touches.
    func write<T>(_ updates: (Database, _ now: String) throws -> T) throws -> T {
        try database.write { db in try updates(db, Timestamp.string(Date())) }
    }

    /// Throws `noSuchPhoto` unless the last UPDATE touched a row.
    static func requireChange(_ db: Database, photoID: Int64) throws {
        if db.changesCount == 0 { throw CatalogError.noSuchPhoto(photoID) }
    }
}

/// A catalog that cannot be opened or a call about a photo it does not know.
public enum CatalogError: Error, Sendable, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, message: String)
    case noSuchPhoto(Int64)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let message): return "the catalog \(path) cannot be opened: \(message)"
        case .noSuchPhoto(let id): return "the catalog has no photo #\(id)"
        }
    }
}

/// An exclusive `flock` on a folder, held while the catalog is opened and migrated.
private struct FolderLock {
    let fd: Int32

    init(_ directory: URL) throws {
        fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open folder", directory.path) }
        while flock(fd, LOCK_EX) != 0 {
            // Some file systems (old NFS) refuse flock on folders: go on unlocked there.
            if errno != EINTR { break }
        }
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
