import Foundation
import Glibc
import GRDB
import Logging
import Testing
@testable import HotFolders

/// Issue 12: a damaged or lost catalog is said in plain words with the way out, never costs a
/// file, and can be checked, backed up and restored. Real SQLite files damaged on disk, the
/// real `hotfolders` binary.
@Suite struct CatalogDamageTests {
    /// A workspace with a config file whose album `Trip` has `count` photos processed by the
    /// real binary (so the catalog is closed and checkpointed, as after a real run).
    func populated(_ label: String, count: Int = 3) throws -> (TestWorkspace, URL) {
        let ws = TestWorkspace(label)
        let config = try ws.writeConfig("""
            [defaults]
            rules = ["preprocess", "derivatives"]
            [defaults.derivatives]
            sizes = [128]
            formats = ["jpeg"]
            """)
        for index in 0..<count { try ws.dropGenerated(album: "Trip", as: "IMG_\(index).jpg", seed: index + 1) }
        let run = try CommandLineTool.run(["process", "--config", config.path], logs: ws.dir.path("process"))
        #expect(run.status == 0, "\(run.err)")
        return (ws, config)
    }

    /// Every file under originals/ and outbox/, with its bytes.
    func snapshot(_ ws: TestWorkspace) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for top in [ws.layout.originals, ws.layout.outbox] {
            for case .file(let url, _) in FolderWalk(top) { files[ws.layout.relative(url)] = try Data(contentsOf: url) }
        }
        return files
    }

    var catalogFile: (TestWorkspace) -> URL { { $0.configuration.state.appendingPathComponent("catalog.sqlite") } }

    enum Damage: String, CaseIterable, Sendable {
        case truncated, garbageHeader, garbagePages, emptied
    }

    /// Runs the binary, killing it if it has not exited within a minute (a command that should
    /// have refused to start must not hang the suite).
    func run(_ arguments: [String], _ ws: TestWorkspace, _ label: String) throws -> (status: Int32, out: String, err: String) {
        let logs = ws.dir.path(label)
        let process = try CommandLineTool.start(arguments, logs: logs)
        if !eventually(within: 60, { !process.isRunning }) { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let out = (try? String(contentsOf: logs.appendingPathExtension("out"), encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: logs.appendingPathExtension("err"), encoding: .utf8)) ?? ""
        return (process.terminationStatus, out, err)
    }

    /// Damages the catalog as a disk or a careless copy would. Its WAL is folded into the file
    /// first, so the damage is not hidden by newer pages there.
    func damage(_ file: URL, _ kind: Damage) throws {
        let queue = try DatabaseQueue(path: file.path)
        _ = try queue.writeWithoutTransaction { db in try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
        let fd = open(file.path, O_RDWR)
        #expect(fd >= 0)
        defer { close(fd) }
        var info = stat()
        fstat(fd, &info)
        var generator = SystemRandomNumberGenerator()
        func garbage(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        switch kind {
        case .truncated:
            ftruncate(fd, info.st_size / 3)
        case .garbageHeader:
            _ = garbage(100).withUnsafeBytes { pwrite(fd, $0.baseAddress, 100, 0) }
        case .garbagePages:
            // Every page but the first (the header and schema stay readable, so it opens).
            let page = 4096
            for offset in stride(from: page, to: Int(info.st_size), by: page) {
                _ = garbage(page).withUnsafeBytes { pwrite(fd, $0.baseAddress, page, off_t(offset)) }
            }
        case .emptied:
            ftruncate(fd, 0)
        }
        fsync(fd)
    }

    @Test(arguments: Damage.allCases)
    func aDamagedCatalogIsSaidPlainlyWithTheWayOutAndNoFileIsTouched(_ kind: Damage) throws {
        let (ws, config) = try populated("damage-\(kind.rawValue)")
        let before = try snapshot(ws)
        #expect(before.count >= 9, "3 originals, 3 web outputs, 3 thumbnails")
        try damage(catalogFile(ws), kind)
        try ws.dropGenerated(album: "Trip", as: "new.jpg", seed: 99)

        for command in [["status"], ["run"], ["process"]] {
            let result = try run(command + ["--config", config.path], ws, "\(command[0])-damaged")
            #expect(result.status == 78, "\(command[0]): \(result.status) \(result.err)")
            #expect(result.err.contains("is damaged"), "\(command[0]): \(result.err)")
            #expect(result.err.contains("hotfolders catalog restore"), "\(command[0]): \(result.err)")
            #expect(!result.err.contains("Usage:"), "\(command[0]): \(result.err)")
        }
        #expect(try snapshot(ws) == before, "every original and output as it was")
        #expect(FileManager.default.fileExists(atPath: ws.layout.inbox(album: "Trip").appendingPathComponent("new.jpg").path),
                "the new photo waits in the inbox")
        #expect(ws.files(in: ws.layout.failed).isEmpty, "nothing went to failed/")
    }

    @Test func aBackupIsVerifiedAndARestorePutsItBackAndKeepsTheDamagedOne() throws {
        let (ws, config) = try populated("restore")
        let backup = try CommandLineTool.run(["catalog", "backup", "--config", config.path], logs: ws.dir.path("backup"))
        #expect(backup.status == 0, "\(backup.err)")
        #expect(backup.out.contains("verified"))
        let made = try CatalogBackups(state: ws.configuration.state).list()
        #expect(made.count == 1)
        try CatalogBackups.verify(try #require(made.first).url)

        let before = try snapshot(ws)
        try damage(catalogFile(ws), .garbagePages)
        let restore = try CommandLineTool.run(["catalog", "restore", "--config", config.path], logs: ws.dir.path("restore"))
        #expect(restore.status == 0, "\(restore.err)")
        #expect(restore.out.contains("matches the files"), "\(restore.out)")
        let aside = try FileManager.default.contentsOfDirectory(atPath: ws.configuration.state.path)
            .filter { $0.hasPrefix("catalog.sqlite.replaced-") }
        #expect(aside.count == 1, "the damaged catalog is kept, not deleted: \(aside)")

        // The restored catalog knows the photos: dropped again, they are duplicates, and nothing changes.
        for index in 0..<3 { try ws.dropGenerated(album: "Trip", as: "again_\(index).jpg", seed: index + 1) }
        let again = try CommandLineTool.run(["process", "--config", config.path], logs: ws.dir.path("again"))
        #expect(again.status == 0, "\(again.err)")
        #expect(ws.events("duplicate").count == 3)
        let after = try snapshot(ws)
        for (path, bytes) in before { #expect(after[path] == bytes, "\(path)") }

        let status = try CommandLineTool.run(["status", "--config", config.path], logs: ws.dir.path("status"))
        #expect(status.status == 0)
        #expect(status.out.contains("Catalog: last backup"), "\(status.out)")
    }

    @Test func aRestoreWithTheAgentRunningIsRefused() throws {
        let (ws, config) = try populated("restore-running", count: 1)
        let agent = try AgentProcess(ws)
        let restore = try CommandLineTool.run(["catalog", "restore", "--config", config.path], logs: ws.dir.path("restore"))
        #expect(restore.status != 0)
        #expect(restore.err.contains("already running"), "\(restore.err)")
        // The agent made its first scheduled backup on its own.
        #expect(agent.waitFor("catalog_backup"))
        #expect(try CatalogBackups(state: ws.configuration.state).list().count == 1)
        agent.terminate()
    }

    @Test func checkFindsMissingChangedAndUnknownFilesAndChangesNothing() throws {
        let (ws, config) = try populated("check")
        let clean = try CommandLineTool.run(["catalog", "check", "--config", config.path], logs: ws.dir.path("clean"))
        #expect(clean.status == 0, "\(clean.out) \(clean.err)")
        #expect(clean.out.contains("The catalog is sound: 6 outputs and 3 originals"), "\(clean.out)")

        let outputs = ws.files(in: ws.layout.outbox(album: "Trip", variant: "128"))
        let edited = ws.layout.outbox(album: "Trip", variant: "128").appendingPathComponent(try #require(outputs.first))
        var bytes = try Data(contentsOf: edited)
        bytes[bytes.count - 3] ^= 0xFF
        try bytes.write(to: edited)
        let original = ws.layout.originals(album: "Trip").appendingPathComponent("IMG_1.jpg")
        try FileManager.default.removeItem(at: original)
        let stranger = ws.layout.outbox(album: "Trip", variant: "128").appendingPathComponent("stranger.jpg")
        try Data([1, 2, 3]).write(to: stranger)

        let found = try CommandLineTool.run(["catalog", "check", "--config", config.path], logs: ws.dir.path("found"))
        #expect(found.status == 1)
        #expect(found.out.contains("changed: outbox/Trip/128/\(outputs[0])"), "\(found.out)")
        #expect(found.out.contains("missing: originals/Trip/IMG_1.jpg"), "\(found.out)")
        #expect(found.out.contains("unknown: outbox/Trip/128/stranger.jpg"), "\(found.out)")
        #expect(try Data(contentsOf: stranger) == Data([1, 2, 3]), "listed, never deleted")

        let status = try CommandLineTool.run(["status", "--config", config.path], logs: ws.dir.path("status"))
        #expect(status.out.contains("(full): 3 problem(s)"), "\(status.out)")
    }

    @Test func aCatalogAboutToBeMigratedIsBackedUpFirst() throws {
        let dir = TemporaryDirectory("migrate")
        let state = dir.path("state")
        do {
            let catalog = try Catalog(directory: state)
            _ = try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: String(repeating: "a", count: 64),
                                  duplicates: .skip)
            // As a catalog written by the release before the newest migration.
            try catalog.database.write { db in
                try db.execute(sql: "DROP TABLE catalog_check")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v8-checks'")
            }
        }
        #expect(try CatalogBackups(state: state).list().isEmpty)
        let reopened = try Catalog(directory: state)
        let backups = try CatalogBackups(state: state).list()
        #expect(backups.map(\.reason) == [.beforeMigration])
        try CatalogBackups.verify(try #require(backups.first).url)
        #expect(try reopened.lastChecks().isEmpty, "migrated: the new table is there")
        let saved = try DatabaseQueue(path: try #require(backups.first).url.path)
        #expect(try saved.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM photo") } == 1)
    }

    @Test func scheduledBackupsArePrunedToTheNumberKept() throws {
        let dir = TemporaryDirectory("prune")
        let catalog = try Catalog(directory: dir.path("state"))
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        for day in 0..<5 { try catalog.backUp(keeping: 3, now: start + Double(day) * 86_400) }
        let left = try CatalogBackups(state: dir.path("state")).list()
        #expect(left.count == 3)
        #expect(left.first?.made == start + 2 * 86_400, "the oldest ones went")
    }

    @Test func aCatalogDamagedWhileRunningHoldsPhotosInTheInboxAndSaysSoOnce() async throws {
        let ws = TestWorkspace("damaged-running")
        for index in 0..<3 { try ws.dropGenerated(album: "A", as: "p\(index).jpg", seed: index + 1) }
        let workspace = try ws.open()
        // SQLite itself answers SQLITE_CORRUPT to the next photo's admission, as it does when
        // a write meets a damaged page: a function that fails with that code, on a trigger of
        // the writer connection.
        try await workspace.catalog.database.write { db in
            db.add(function: DatabaseFunction("damaged_page", argumentCount: 0) { _ in
                throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "database disk image is malformed")
            })
            try db.execute(sql: "CREATE TEMP TRIGGER damaged BEFORE INSERT ON photo BEGIN SELECT damaged_page(); END")
        }
        var outcomes: [PhotoOutcome] = []
        for index in 0..<3 {
            let url = ws.layout.inbox(album: "A").appendingPathComponent("p\(index).jpg")
            outcomes.append(await workspace.pipeline.handle(Arrival(url: url, album: "A", name: "p\(index).jpg", fromInbox: true)))
        }
        #expect(outcomes.allSatisfy { if case .skipped = $0 { true } else { false } }, "\(outcomes)")
        #expect(workspace.catalog.damaged != nil)
        #expect(ws.files(in: ws.layout.inbox(album: "A")).count == 3, "every photo waits in the inbox")
        #expect(ws.files(in: ws.layout.failed).isEmpty)
        #expect(ws.events("catalog_damaged").count == 1)
        #expect(ws.events("failed").isEmpty)
    }

    /// Issue 12, item 1: with the state folder gone (or a catalog restored from before), other
    /// photos whose names come out the same never replace what is in the outbox; the same photos
    /// dropped again come out under their old names without a second copy of anything.
    @Test func withTheStateFolderGoneNothingInTheOutboxIsOverwrittenOrCopiedTwice() throws {
        let (ws, config) = try populated("state-lost")
        let before = try snapshot(ws)
        try FileManager.default.removeItem(at: ws.configuration.state)

        // Other photos under the same names.
        for index in 0..<3 { try ws.dropGenerated(album: "Trip", as: "IMG_\(index).jpg", seed: index + 50) }
        let others = try run(["process", "--config", config.path], ws, "others")
        #expect(others.status == 0, "\(others.err)")
        var after = try snapshot(ws)
        // The album manifest is hotfolders' own page of the album: it is rewritten, as it should be.
        for (path, bytes) in before where !path.hasSuffix("manifest.json") { #expect(after[path] == bytes, "\(path) was changed") }
        #expect(after.keys.contains("outbox/Trip/web/IMG_0_1.webp"), "\(after.keys.sorted())")

        // The first photos again: their outputs are the bytes already there, under their names.
        let count = after.count
        for index in 0..<3 { try ws.dropGenerated(album: "Trip", as: "IMG_\(index).jpg", seed: index + 1) }
        let again = try run(["process", "--config", config.path], ws, "again")
        #expect(again.status == 0, "\(again.err)")
        after = try snapshot(ws)
        #expect(after.count == count, "no second copy: \(after.keys.sorted())")
        // The album manifest is hotfolders' own page of the album: it is rewritten, as it should be.
        for (path, bytes) in before where !path.hasSuffix("manifest.json") { #expect(after[path] == bytes, "\(path) was changed") }
    }
}
