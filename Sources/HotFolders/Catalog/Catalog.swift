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

    /// Set once a read or write meets a damaged file: from then on the agent takes no photo
    /// (they wait in the inbox) until the catalog is restored or rebuilt.
    let damage = Mutex<Damage>(Damage())
    /// A shared `flock` on `<state>/catalog.lock` for as long as this catalog is open, so that
    /// `catalog restore` (which takes it exclusively) never swaps the file under a `process`,
    /// `retry` or `status` still writing to it. Released by the kernel even on kill -9.
    private let inUse: Int32

    /// Photos whose outcome line is logged since the last write (see `recordOutcomeLogged`).
    let loggedOutcomes = Mutex<Set<Int64>>([])

    /// What was met, and whether it was said yet (once is enough).
    struct Damage {
        var message: String?
        var reported = false
    }

    /// Opens (creating the folder and the file when needed) and migrates the catalog in `directory`.
    /// A catalog about to be migrated to a newer schema is backed up first (`state/backups/`).
    /// Throws `CatalogError.damaged` for a file SQLite cannot read as a database.
    public init(directory: URL) throws {
        url = directory.appendingPathComponent("catalog.sqlite")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CatalogError.cannotOpen(path: url.path, message: "cannot create its folder: \(error.localizedDescription)")
        }
        let lockFD = open(directory.appendingPathComponent("catalog.lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if lockFD >= 0 { while flock(lockFD, LOCK_SH) != 0 && errno == EINTR {} }
        inUse = lockFD
        func closing(_ error: Error) -> Error {
            if lockFD >= 0 { close(lockFD) }
            return error
        }
        if let emptied = Catalog.emptiedFile(url, state: directory) {
            throw closing(CatalogError.damaged(path: url.path, message: emptied))
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
            let migrator = CatalogMigrations.migrator
            let (applied, complete) = try database.read { db in
                (try migrator.appliedMigrations(db), try migrator.hasCompletedMigrations(db))
            }
            if !applied.isEmpty && !complete {
                // A newer hotfolders changes the schema: keep the catalog as it was, so going back
                // to the older version (or a failed migration) loses nothing.
                try CatalogBackups(state: directory).make(of: database, reason: .beforeMigration)
            }
            try migrator.migrate(database)
        } catch let error as CatalogError {
            throw closing(error)
        } catch let error as DatabaseError where Catalog.isDamage(error) {
            throw closing(CatalogError.damaged(path: url.path, message: error.message ?? "\(error)"))
        } catch {
            throw closing(CatalogError.cannotOpen(path: url.path, message: "\(error)"))
        }
    }

    deinit {
        if inUse >= 0 { close(inUse) }
    }

    /// Whether an SQLite error means the file itself is damaged (not busy, not full, not locked).
    static func isDamage(_ error: Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
    }

    /// A catalog file emptied to 0 bytes where one was in use (the event log has lines, or a
    /// backup exists) is damage, not a fresh start: SQLite would take it for a new database and
    /// every photo's history would be forgotten without a word. The reason, or nil.
    /// A missing file where backups exist is the same: a catalog lost in an accident is
    /// restored, not silently started again (move `backups/` away to start an empty one).
    static func emptiedFile(_ url: URL, state: URL) -> String? {
        var info = stat()
        let exists = stat(url.path, &info) == 0
        guard !exists || info.st_size == 0 else { return nil }
        let backedUp = !((try? CatalogBackups(state: state).list()) ?? []).isEmpty
        if !exists {
            return backedUp ? "the file is missing, although backups of it exist (to start an empty catalog instead, "
                + "move \(state.appendingPathComponent("backups").path) away)" : nil
        }
        var events = stat()
        let logged = stat(state.appendingPathComponent("events.jsonl").path, &events) == 0 && events.st_size > 0
        guard logged || backedUp else { return nil }
        return "the file is empty (0 bytes), although this state folder was in use"
    }

    /// The damage met while the catalog was open, if any.
    public var damaged: String? { damage.withLock { $0.message } }

    /// Keeps the first damage met.
    func markDamaged(_ message: String) {
        damage.withLock { $0.message = $0.message ?? message }
    }

    /// True the first time it is asked once the catalog is damaged, so the damage is said once.
    public func takeDamageReport() -> Bool {
        damage.withLock { damage in
            defer { if damage.message != nil { damage.reported = true } }
            return damage.message != nil && !damage.reported
        }
    }

    /// The SQLite journal mode in effect ("wal").
    public func journalMode() throws -> String {
        try database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Runs `updates` in one write transaction, stamping it with one time for every row it touches.
    /// A write that meets a damaged file marks the catalog damaged and throws `CatalogError.damaged`.
    func write<T>(_ updates: (Database, _ now: String) throws -> T) throws -> T {
        let logged = loggedOutcomes.withLock { pending in defer { pending = [] }; return pending }
        do {
            return try noticingDamage {
                try database.write { db in
                    try clearLoggedOutcomes(db, logged)
                    return try updates(db, Timestamp.string(Date()))
                }
            }
        } catch {
            loggedOutcomes.withLock { $0.formUnion(logged) }  // cleared with a later write
            throw error
        }
    }

    /// A read, with damage noticed as `write` notices it: every query of the catalog goes
    /// through one of the two, so a damaged page holds photos in the inbox wherever it is met.
    func read<T>(_ query: (Database) throws -> T) throws -> T {
        try noticingDamage { try database.read(query) }
    }

    private func noticingDamage<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where Catalog.isDamage(error) {
            let message = error.message ?? "\(error)"
            markDamaged(message)
            throw CatalogError.damaged(path: url.path, message: message)
        }
    }

    /// Throws `noSuchPhoto` unless the last UPDATE touched a row.
    static func requireChange(_ db: Database, photoID: Int64) throws {
        if db.changesCount == 0 { throw CatalogError.noSuchPhoto(photoID) }
    }
}

/// A catalog that cannot be opened or a call about a photo it does not know.
public enum CatalogError: Error, Sendable, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, message: String)
    /// The file is not a sound SQLite database (truncated, overwritten, emptied).
    case damaged(path: String, message: String)
    case noSuchPhoto(Int64)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let message): return "the catalog \(path) cannot be opened: \(message)"
        case .damaged(let path, let message):
            return "the catalog \(path) is damaged (\(message)). Nothing in the inbox, outbox, originals or failed "
                + "folders was touched. Stop the agent, then run `hotfolders catalog restore` to put back the newest "
                + "good backup (state/backups/), or `hotfolders catalog check` to see what is wrong"
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
