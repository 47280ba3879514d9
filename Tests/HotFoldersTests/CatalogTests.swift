import Foundation
import GRDB
import Testing
@testable import HotFolders

/// A content hash for tests: 64 lowercase hex digits from a small number.
private func sha(_ seed: Int) -> String { String(format: "%064x", seed) }

private func output(_ name: String, album: String = "A", variant: String = "web", seed: Int = 1) -> OutputRecord {
    OutputRecord(variant: variant, path: "outbox/\(album)/\(variant)/\(name)", bytes: 1234, sha256: sha(seed),
                 width: 2048, height: 1360, format: "webp")
}

@Suite struct CatalogAdmissionTests {
    let dir = TemporaryDirectory("catalog")
    let catalog: Catalog

    init() throws { catalog = try Catalog(directory: dir.path("state")) }

    @Test func newContentIsProcessed() throws {
        let admission = try catalog.admit(album: "A", originalName: "day 1/IMG_1.jpg", size: 42, sha256: sha(1), duplicates: .skip)
        guard case .process(let id) = admission else { Issue.record("got \(admission)"); return }
        let photo = try #require(try catalog.photo(id: id))
        #expect(photo.status == .processing)
        #expect(photo.album == "A")
        #expect(photo.originalName == "day 1/IMG_1.jpg")
        #expect(photo.size == 42)
        #expect(photo.sha256 == sha(1))
        #expect(photo.disposition == nil)
        #expect(abs(photo.firstSeen.timeIntervalSinceNow) < 5)
    }

    @Test func sameContentInAnotherAlbumIsNew() throws {
        let first = try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip)
        let second = try catalog.admit(album: "B", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip)
        guard case .process(let a) = first, case .process(let b) = second else {
            Issue.record("got \(first), \(second)"); return
        }
        #expect(a != b)
    }

    @Test func failedPhotoIsRedoneUnderItsNewName() throws {
        let id = try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip).photoID
        try catalog.stageStarted(photoID: id, stage: "preprocess")
        try catalog.recordFailure(photoID: id, stage: "preprocess", reason: "not an image", detail: "vips said no")
        try catalog.recordDisposition(photoID: id, .failed, path: "failed/A/x.jpg")
        #expect(try catalog.photo(id: id)?.status == .failed)

        let again = try catalog.admit(album: "A", originalName: "x (2).jpg", size: 2, sha256: sha(1), duplicates: .skip)
        #expect(again == .process(photoID: id))
        let photo = try #require(try catalog.photo(id: id))
        #expect(photo.status == .processing)
        #expect(photo.originalName == "x (2).jpg")
        #expect(photo.size == 2)
        #expect(photo.errorReason == nil && photo.errorDetail == nil && photo.stage == nil)
        #expect(photo.disposition == nil && photo.dispositionPath == nil && photo.finished == nil)
        #expect(try catalog.stages(photoID: id).isEmpty)
    }

    @Test func photoLeftProcessingByAnotherRunIsRedone() throws {
        let id = try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip).photoID
        // A new process (a catalog opened afresh) finds the row processing: a crash left it so.
        let restarted = try Catalog(directory: dir.path("state"))
        #expect(try restarted.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip) == .process(photoID: id))
        #expect(try restarted.photos(album: "A").count == 1)
    }

    @Test func photoInAWorkersHandsIsNotStartedTwice() throws {
        let id = try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .process).photoID
        // The same file seen again while a worker has it: nothing to do, that worker puts it away.
        #expect(try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .process)
                == .alreadyDone(photoID: id))
        // A copy under another name, even with duplicates = "process": a duplicate, not a second run.
        let copy = try catalog.admit(album: "A", originalName: "copy.jpg", size: 1, sha256: sha(1), duplicates: .process)
        guard case .duplicate(let dup, let of) = copy else { Issue.record("got \(copy)"); return }
        #expect(of == id && dup != id)
        #expect(try catalog.photo(id: id)?.originalName == "x.jpg")

        // Once the run ends, the next arrival may start it again.
        try catalog.recordFailure(photoID: id, stage: "preprocess", reason: "broken", detail: nil)
        #expect(try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .process)
                == .process(photoID: id))
    }

    @Test func concurrentArrivalsOfOneContentRunOnce() async throws {
        let results = try await withThrowingTaskGroup(of: Admission.self) { group in
            for index in 0..<8 {
                group.addTask {
                    try catalog.admit(album: "A", originalName: "copy \(index).jpg", size: 1, sha256: sha(1), duplicates: .skip)
                }
            }
            return try await group.reduce(into: [Admission]()) { $0.append($1) }
        }
        #expect(results.filter { if case .process = $0 { return true } else { return false } }.count == 1)
        #expect(results.filter { if case .duplicate = $0 { return true } else { return false } }.count == 7)
    }

    @Test func doneWithoutDispositionOnlyFinishesTheMove() throws {
        let id = try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip).photoID
        try catalog.recordSuccess(photoID: id, outputs: [output("x.webp")])
        #expect(try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip)
                == .finishDisposition(photoID: id))
        #expect(try catalog.photo(id: id)?.status == .done)
        #expect(try catalog.outputs(photoID: id) == [output("x.webp")])
    }

    @Test func keptOriginalIsAlreadyDone() throws {
        let id = try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip).photoID
        try catalog.recordSuccess(photoID: id, outputs: [output("x.webp")])
        try catalog.recordDisposition(photoID: id, .kept, path: "inbox/A/x.jpg")
        #expect(try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip)
                == .alreadyDone(photoID: id))
        let photo = try #require(try catalog.photo(id: id))
        #expect(photo.disposition == .kept)
        #expect(photo.dispositionPath == "inbox/A/x.jpg")
    }

    @Test func duplicateIsRecordedOnce() throws {
        let first = try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip).photoID
        try catalog.recordSuccess(photoID: first, outputs: [output("x.webp")])
        try catalog.recordDisposition(photoID: first, .archived, path: "originals/A/x.jpg")

        let copy = try catalog.admit(album: "A", originalName: "copy.jpg", size: 1, sha256: sha(1), duplicates: .skip)
        guard case .duplicate(let dup, let of) = copy else { Issue.record("got \(copy)"); return }
        #expect(of == first)
        #expect(dup != first)
        let row = try #require(try catalog.photo(id: dup))
        #expect(row.status == .duplicate)
        #expect(row.duplicateOf == first)
        #expect(row.originalName == "copy.jpg")

        // The same copy seen again before it was put away: the same row, no second one.
        #expect(try catalog.admit(album: "A", originalName: "copy.jpg", size: 1, sha256: sha(1), duplicates: .skip)
                == .duplicate(photoID: dup, of: first))
        #expect(try catalog.count(status: .duplicate) == 1)

        // Left in the inbox on purpose: nothing more to do with it.
        try catalog.recordDisposition(photoID: dup, .kept, path: "inbox/A/copy.jpg")
        #expect(try catalog.admit(album: "A", originalName: "copy.jpg", size: 1, sha256: sha(1), duplicates: .skip)
                == .alreadyDone(photoID: dup))
        #expect(try catalog.count(status: .duplicate) == 1)
        #expect(try catalog.photo(id: first)?.originalName == "x.jpg")
    }

    @Test func duplicatePutAwayAndDroppedAgainIsADuplicateAgain() throws {
        let first = try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip).photoID
        try catalog.recordSuccess(photoID: first, outputs: [])
        try catalog.recordDisposition(photoID: first, .archived, path: "originals/A/x.jpg")
        let dup = try catalog.admit(album: "A", originalName: "copy.jpg", size: 1, sha256: sha(1), duplicates: .skip).photoID
        try catalog.recordDisposition(photoID: dup, .archived, path: "originals/A/copy.jpg")

        #expect(try catalog.admit(album: "A", originalName: "copy.jpg", size: 1, sha256: sha(1), duplicates: .skip)
                == .duplicate(photoID: dup, of: first))
        #expect(try catalog.photo(id: dup)?.disposition == nil)
        #expect(try catalog.count(status: .duplicate) == 1)
    }

    @Test func archivedOriginalDroppedAgainIsADuplicate() throws {
        let first = try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip).photoID
        try catalog.recordSuccess(photoID: first, outputs: [])
        try catalog.recordDisposition(photoID: first, .archived, path: "originals/A/x.jpg")
        let again = try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip)
        guard case .duplicate(let dup, let of) = again else { Issue.record("got \(again)"); return }
        #expect(of == first && dup != first)
    }

    @Test func duplicatesProcessPolicyRedoesTheFirstRow() throws {
        let first = try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .process).photoID
        try catalog.recordSuccess(photoID: first, outputs: [output("x.webp")])
        try catalog.recordDisposition(photoID: first, .archived, path: "originals/A/x.jpg")

        #expect(try catalog.admit(album: "A", originalName: "copy.jpg", size: 1, sha256: sha(1), duplicates: .process)
                == .process(photoID: first))
        let photo = try #require(try catalog.photo(id: first))
        #expect(photo.status == .processing)
        #expect(photo.originalName == "copy.jpg")
        #expect(photo.disposition == nil)
        #expect(try catalog.count(status: .duplicate) == 0)
    }
}

@Suite struct CatalogProgressTests {
    let dir = TemporaryDirectory("catalog")
    let catalog: Catalog

    init() throws { catalog = try Catalog(directory: dir.path("state")) }

    @Test func stagesOutputsAndSuccess() throws {
        let id = try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip).photoID
        try catalog.stageStarted(photoID: id, stage: "preprocess")
        #expect(try catalog.photo(id: id)?.stage == "preprocess")
        #expect(try catalog.stages(photoID: id).map(\.status) == [.running])
        try catalog.stageFinished(photoID: id, stage: "preprocess")
        try catalog.stageStarted(photoID: id, stage: "watermark")
        try catalog.stageFinished(photoID: id, stage: "watermark")
        let stages = try catalog.stages(photoID: id)
        #expect(Set(stages.map(\.name)) == ["preprocess", "watermark"])
        #expect(stages.allSatisfy { $0.status == .done && $0.finished != nil })

        let outputs = [output("x.webp"), output("x.jpg", variant: "print", seed: 2)]
        try catalog.recordSuccess(photoID: id, outputs: outputs)
        let photo = try #require(try catalog.photo(id: id))
        #expect(photo.status == .done)
        #expect(photo.finished != nil)
        #expect(try catalog.outputs(photoID: id) == outputs)
        #expect(try catalog.outputOwner(path: "outbox/A/web/x.webp") == id)
        #expect(try catalog.outputOwner(path: "outbox/A/web/nobody.webp") == nil)

        // A redo replaces the outputs of the run before.
        try catalog.recordSuccess(photoID: id, outputs: [output("x_1.webp")])
        #expect(try catalog.outputs(photoID: id) == [output("x_1.webp")])
        #expect(try catalog.outputOwner(path: "outbox/A/web/x.webp") == nil)
    }

    @Test func anOutboxPathHasOneOwner() throws {
        let a = try catalog.admit(album: "A", originalName: "a.jpg", size: 1, sha256: sha(1), duplicates: .skip).photoID
        let b = try catalog.admit(album: "A", originalName: "b.jpg", size: 1, sha256: sha(2), duplicates: .skip).photoID
        try catalog.recordSuccess(photoID: a, outputs: [output("same.webp")])
        #expect(throws: DatabaseError.self) { try catalog.recordSuccess(photoID: b, outputs: [output("same.webp")]) }
        // The failed transaction left b as it was.
        #expect(try catalog.photo(id: b)?.status == .processing)
        #expect(try catalog.outputOwner(path: "outbox/A/web/same.webp") == a)
    }

    @Test func failureRecordsStageReasonAndDetail() throws {
        let id = try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip).photoID
        try catalog.stageStarted(photoID: id, stage: "preprocess")
        try catalog.recordFailure(photoID: id, stage: "preprocess", reason: "too many pixels", detail: "vips: 30000x30000")
        let photo = try #require(try catalog.photo(id: id))
        #expect(photo.status == .failed)
        #expect(photo.stage == "preprocess")
        #expect(photo.errorReason == "too many pixels")
        #expect(photo.errorDetail == "vips: 30000x30000")
        let stage = try #require(try catalog.stages(photoID: id).first)
        #expect(stage.status == .failed && stage.error == "too many pixels" && stage.finished != nil)
    }

    @Test func unknownPhotoIsAnError() throws {
        #expect(throws: CatalogError.noSuchPhoto(999)) { try catalog.stageStarted(photoID: 999, stage: "preprocess") }
        #expect(throws: CatalogError.noSuchPhoto(999)) { try catalog.recordSuccess(photoID: 999, outputs: []) }
        #expect(throws: CatalogError.noSuchPhoto(999)) { try catalog.recordDisposition(photoID: 999, .kept, path: nil) }
    }

    @Test func resetInterruptedQueuesWhatACrashLeftProcessing() throws {
        let a = try catalog.admit(album: "A", originalName: "a.jpg", size: 1, sha256: sha(1), duplicates: .skip).photoID
        let b = try catalog.admit(album: "A", originalName: "b.jpg", size: 1, sha256: sha(2), duplicates: .skip).photoID
        let c = try catalog.admit(album: "A", originalName: "c.jpg", size: 1, sha256: sha(3), duplicates: .skip).photoID
        try catalog.stageStarted(photoID: a, stage: "preprocess")
        try catalog.recordSuccess(photoID: c, outputs: [])

        // What this process's workers hold is not interrupted.
        #expect(try catalog.resetInterrupted() == 0)
        // A fresh process finds both left processing by the one before.
        let catalog = try Catalog(directory: dir.path("state"))
        #expect(try catalog.resetInterrupted() == 2)
        #expect(try catalog.photo(id: a)?.status == .queued)
        #expect(try catalog.photo(id: b)?.status == .queued)
        #expect(try catalog.photo(id: c)?.status == .done)
        let stage = try #require(try catalog.stages(photoID: a).first)
        #expect(stage.status == .failed && stage.error == "interrupted")
        #expect(try catalog.resetInterrupted() == 0)

        // The next arrival of the same file redoes it.
        #expect(try catalog.admit(album: "A", originalName: "a.jpg", size: 1, sha256: sha(1), duplicates: .skip) == .process(photoID: a))
    }

    @Test func timesAreISO8601UTCWithMilliseconds() throws {
        let id = try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip).photoID
        try catalog.recordSuccess(photoID: id, outputs: [output("x.webp")])
        let texts = try catalog.database.read { db in
            try Row.fetchOne(db, sql: "SELECT first_seen, updated, finished, (SELECT written FROM output) AS written FROM photo")!
        }
        for column in ["first_seen", "updated", "finished", "written"] {
            let value: String? = texts[column]
            let text = try #require(value)
            #expect(text.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(column): \(text)")
        }
    }
}

@Suite struct CatalogSchemaTests {
    let dir = TemporaryDirectory("catalog")
    let catalog: Catalog

    init() throws { catalog = try Catalog(directory: dir.path("state")) }

    private func insert(status: String = "processing", sha256: String = sha(1), album: String = "A",
                        name: String = "x.jpg", duplicateOf: Int64? = nil, disposition: String? = nil) throws {
        try catalog.database.write { db in
            try db.execute(sql: """
                INSERT INTO photo (album, original_name, size, sha256, status, duplicate_of, disposition, error_reason, first_seen, updated)
                VALUES (?, ?, 1, ?, ?, ?, ?, 'why', '2026-11-21T10:04:05.123Z', '2026-11-21T10:04:05.123Z')
                """, arguments: [album, name, sha256, status, duplicateOf, disposition])
        }
    }

    @Test func aGoodRowIsAccepted() throws {
        try insert()
        #expect(try catalog.count(status: .processing) == 1)
    }

    @Test func statusOutsideTheSetIsRejected() {
        #expect(throws: DatabaseError.self) { try insert(status: "finished") }
    }

    @Test func dispositionOutsideTheSetIsRejected() {
        #expect(throws: DatabaseError.self) { try insert(disposition: "moved") }
    }

    @Test func shortOrUppercaseHashIsRejected() {
        #expect(throws: DatabaseError.self) { try insert(sha256: "0123456789") }
        #expect(throws: DatabaseError.self) { try insert(sha256: String(repeating: "A", count: 64)) }
        #expect(throws: DatabaseError.self) { try insert(sha256: String(repeating: "g", count: 64)) }
    }

    @Test func oneCanonicalRowPerContentPerAlbum() throws {
        try insert(name: "a.jpg")
        #expect(throws: DatabaseError.self) { try insert(status: "done", name: "b.jpg") }
    }

    @Test func aDuplicatePointsAtAnExistingPhoto() throws {
        #expect(throws: DatabaseError.self) { try insert(status: "duplicate", name: "b.jpg") }
        #expect(throws: DatabaseError.self) { try insert(status: "duplicate", name: "b.jpg", duplicateOf: 999) }
        try insert(name: "a.jpg")
        try insert(status: "duplicate", name: "b.jpg", duplicateOf: 1)
        #expect(throws: DatabaseError.self) { try insert(status: "duplicate", name: "b.jpg", duplicateOf: 1) }
    }

    @Test func emptyNamesAreRejected() {
        #expect(throws: DatabaseError.self) { try insert(album: "") }
        #expect(throws: DatabaseError.self) { try insert(name: "") }
    }

    @Test func outputRowsAreChecked() throws {
        let id = try catalog.admit(album: "A", originalName: "x.jpg", size: 1, sha256: sha(1), duplicates: .skip).photoID
        var bad = output("x.webp")
        bad.sha256 = "abc"
        #expect(throws: DatabaseError.self) { try catalog.recordSuccess(photoID: id, outputs: [bad]) }
        bad = output("x.webp")
        bad.path = "/abs/x.webp"
        #expect(throws: DatabaseError.self) { try catalog.recordSuccess(photoID: id, outputs: [bad]) }
        bad = output("x.webp")
        bad.width = 0
        #expect(throws: DatabaseError.self) { try catalog.recordSuccess(photoID: id, outputs: [bad]) }
        #expect(try catalog.photo(id: id)?.status == .processing)
    }

    @Test func connectionsAreWALFullSyncWithForeignKeys() throws {
        #expect(try catalog.journalMode() == "wal")
        let (synchronous, foreignKeys, timeout) = try catalog.database.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA synchronous"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
             try Int.fetchOne(db, sql: "PRAGMA busy_timeout"))
        }
        #expect(synchronous == 2)  // FULL
        #expect(foreignKeys == 1)
        #expect((timeout ?? 0) >= 1000)
        let writerSynchronous = try catalog.database.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(writerSynchronous == 2)
    }
}

@Suite struct CatalogFileTests {
    @Test func reopeningKeepsTheData() throws {
        let dir = TemporaryDirectory("catalog")
        let state = dir.path("deep", "state")
        var id: Int64 = 0
        do {
            let catalog = try Catalog(directory: state)
            id = try catalog.admit(album: "Vacation 2024", originalName: "IMG_1.jpg", size: 9, sha256: sha(7), duplicates: .skip).photoID
            try catalog.recordSuccess(photoID: id, outputs: [output("IMG_1.webp", album: "Vacation 2024")])
        }
        #expect(FileManager.default.fileExists(atPath: state.appendingPathComponent("catalog.sqlite").path))
        let reopened = try Catalog(directory: state)
        #expect(try reopened.photo(id: id)?.status == .done)
        #expect(try reopened.outputs(photoID: id) == [output("IMG_1.webp", album: "Vacation 2024")])
        #expect(try reopened.admit(album: "Vacation 2024", originalName: "IMG_1.jpg", size: 9, sha256: sha(7), duplicates: .skip)
                == .finishDisposition(photoID: id))
    }

    @Test func openersAtOnceOnAFreshFolderAllSucceed() async throws {
        // Each opener migrates a brand-new file at the same moment; without the lock the
        // slower one fails on CREATE TABLE. A race, so it is run a few times.
        for _ in 0..<10 {
            let dir = TemporaryDirectory("catalog")
            let state = dir.path("state")
            let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<4 {
                    group.addTask {
                        let catalog = try Catalog(directory: state)
                        return try catalog.admit(album: "A", originalName: "\(index).jpg", size: 1, sha256: sha(index),
                                                 duplicates: .skip).photoID
                    }
                }
                return try await group.reduce(into: Set<Int64>()) { $0.insert($1) }
            }
            #expect(ids.count == 4)
        }
    }

    @Test func concurrentWritersFromTwoCatalogsLoseNothing() async throws {
        let dir = TemporaryDirectory("catalog")
        let state = dir.path("state")
        let first = try Catalog(directory: state)
        let second = try Catalog(directory: state)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (offset, catalog) in [first, second].enumerated() {
                group.addTask {
                    for index in 0..<100 {
                        let id = try catalog.admit(album: "A", originalName: "\(offset)-\(index).jpg", size: 1,
                                                   sha256: sha(offset * 1000 + index), duplicates: .skip).photoID
                        try catalog.recordSuccess(photoID: id, outputs: [output("\(offset)-\(index).webp", seed: index)])
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try first.count(status: .done) == 200)
    }

    @Test func aCatalogThatCannotBeCreatedSaysWhere() throws {
        let dir = TemporaryDirectory("catalog")
        let blocker = dir.path("state")
        try Data("not a folder".utf8).write(to: blocker)
        let error = #expect(throws: CatalogError.self) { try Catalog(directory: blocker) }
        #expect(error?.description.contains(blocker.path) == true)
    }
}
