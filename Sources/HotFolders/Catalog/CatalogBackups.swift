import Foundation
import Glibc
import GRDB

/// Copies of the catalog in `<state>/backups/`, made online with SQLite's backup API (a read
/// transaction on the live file: photos keep being recorded meanwhile), each verified with a
/// full integrity check before it counts. Named after the UTC time they were made, so the
/// newest sorts last: `catalog-20261203T140512Z.sqlite` (`-before-migration` when a newer
/// hotfolders was about to change the schema).
public struct CatalogBackups: Sendable {
    public let folder: URL

    /// Why a backup is made; the scheduled ones are pruned to the configured count, the ones
    /// made before a migration are kept until removed by hand.
    public enum Reason: String, Sendable {
        case scheduled, beforeMigration = "before-migration"
    }

    /// One verified backup file.
    public struct Backup: Sendable, Equatable {
        public var url: URL
        public var bytes: Int64
        /// When it was made, from its name.
        public var made: Date
        public var reason: Reason
    }

    public init(state: URL) {
        folder = state.appendingPathComponent("backups", isDirectory: true)
    }

    /// Every backup in the folder, oldest first (half-written ones, still under a temporary
    /// name, are not listed).
    public func list() throws -> [Backup] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch let error as NSError where error.code == NSFileReadNoSuchFileError {
            return []
        }
        return names.compactMap(Self.parse).map { name, made, reason in
            let url = folder.appendingPathComponent(name)
            var info = stat()
            let bytes = stat(url.path, &info) == 0 ? Int64(info.st_size) : 0
            return Backup(url: url, bytes: bytes, made: made, reason: reason)
        }.sorted { $0.made < $1.made }
    }

    /// Backs `database` up into a new file, verifies it, and returns it. The copy is written
    /// under a temporary name (SQLite syncs it as it commits), switched to a self-contained
    /// rollback journal, checked, and only then linked under its name, the folder synced: a
    /// half-made backup is never taken for a good one, and no backup replaces another.
    @discardableResult
    public func make(of database: some DatabaseReader, reason: Reason, now: Date = Date()) throws -> Backup {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let name = Self.name(made: now, reason: reason)
        let final = folder.appendingPathComponent(name)
        let stagingName = ".\(name).partial"
        let staging = folder.appendingPathComponent(stagingName)
        try? FileManager.default.removeItem(at: staging)
        do {
            let copy = try DatabaseQueue(path: staging.path)
            try database.backup(to: copy)
            try copy.writeWithoutTransaction { db in
                // The live file is in WAL mode; the copy must stand alone, with no -wal beside it.
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
            }
            try copy.close()
            try Self.verify(staging)
            let backups = try Folder.open(folder)
            guard try backups.move(stagingName, to: backups, as: name) else {
                throw SystemError("name", final.path, code: EXDEV)
            }
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        var info = stat()
        _ = stat(final.path, &info)
        return Backup(url: final, bytes: Int64(info.st_size), made: Self.parse(name)?.made ?? now, reason: reason)
    }

    /// Removes the oldest scheduled backups beyond `keep`; others are left alone.
    @discardableResult
    public func prune(keep: Int) throws -> [Backup] {
        let scheduled = try list().filter { $0.reason == .scheduled }
        let removed = Array(scheduled.dropLast(max(keep, 1)))
        for backup in removed { try FileManager.default.removeItem(at: backup.url) }
        return removed
    }

    /// Throws unless `url` is a sound SQLite database holding a catalog (the full integrity and
    /// foreign-key check, and its photo table).
    public static func verify(_ url: URL) throws {
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: url.path, configuration: configuration)
        defer { try? queue.close() }
        let problems = try queue.read { db in try Catalog.integrityProblems(db, quick: false) }
        guard problems.isEmpty else {
            throw CatalogError.damaged(path: url.path, message: problems.prefix(3).joined(separator: "; "))
        }
        let isCatalog = try queue.read { db in try db.tableExists("photo") }
        guard isCatalog else { throw CatalogError.damaged(path: url.path, message: "it holds no catalog (no photo table)") }
    }

    // MARK: - Names

    static func name(made: Date, reason: Reason) -> String {
        "catalog-\(stamp.string(from: made))" + (reason == .scheduled ? "" : "-\(reason.rawValue)") + ".sqlite"
    }

    static func parse(_ name: String) -> (name: String, made: Date, reason: Reason)? {
        guard name.hasPrefix("catalog-"), name.hasSuffix(".sqlite") else { return nil }
        let middle = name.dropFirst("catalog-".count).dropLast(".sqlite".count)
        let time = String(middle.prefix(16))
        guard let made = stamp.date(from: time) else { return nil }
        let rest = middle.dropFirst(16)
        if rest.isEmpty { return (name, made, .scheduled) }
        guard rest.hasPrefix("-"), let reason = Reason(rawValue: String(rest.dropFirst())) else { return nil }
        return (name, made, reason)
    }

    /// `20261203T140512Z`: sorts as it reads, and has no colon (some file systems refuse it).
    enum stamp {
        static func string(from date: Date) -> String {
            var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
            var parts = tm()
            gmtime_r(&seconds, &parts)
            return String(format: "%04d%02d%02dT%02d%02d%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                          parts.tm_hour, parts.tm_min, parts.tm_sec)
        }

        static func date(from text: String) -> Date? {
            let digits = Array(text.utf8)
            guard digits.count == 16, digits[8] == UInt8(ascii: "T"), digits[15] == UInt8(ascii: "Z") else { return nil }
            func number(_ range: Range<Int>) -> Int32? { Int32(String(decoding: digits[range], as: UTF8.self)) }
            guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
                  let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15) else { return nil }
            var parts = tm()
            parts.tm_year = year - 1900; parts.tm_mon = month - 1; parts.tm_mday = day
            parts.tm_hour = hour; parts.tm_min = minute; parts.tm_sec = second
            return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
        }
    }
}

extension Catalog {
    /// A scheduled backup now, then the oldest scheduled ones beyond `keeping` removed.
    @discardableResult
    public func backUp(keeping: Int, now: Date = Date()) throws -> CatalogBackups.Backup {
        let backups = CatalogBackups(state: url.deletingLastPathComponent())
        let made = try backups.make(of: database, reason: .scheduled, now: now)
        try backups.prune(keep: keeping)
        return made
    }
}
