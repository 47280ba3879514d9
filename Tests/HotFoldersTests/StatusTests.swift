import Foundation
import Testing
@testable import HotFolders

private func sha(_ seed: Int) -> String { String(format: "%064x", seed) }

/// A root with an inbox and a catalog holding a known mix of photos:
/// Vacation: 2 done (one kept in the inbox), 1 failed, 1 duplicate, 1 processing;
/// Wedding: 1 done. "New" exists only as an inbox folder.
private struct Fixture {
    let dir = TemporaryDirectory("status")
    let layout: Layout
    let catalog: Catalog
    var failedID: Int64 = 0

    init() throws {
        layout = Layout(root: dir.folder("root"))
        catalog = try Catalog(directory: dir.path("state"))

        let a = try catalog.admit(album: "Vacation", originalName: "a.jpg", size: 1, sha256: sha(1), duplicates: .skip).photoID
        try catalog.recordSuccess(photoID: a, outputs: [])
        try catalog.recordDisposition(photoID: a, .archived, path: "originals/Vacation/a.jpg")
        let b = try catalog.admit(album: "Vacation", originalName: "b.jpg", size: 1, sha256: sha(2), duplicates: .skip).photoID
        try catalog.recordSuccess(photoID: b, outputs: [])
        try catalog.recordDisposition(photoID: b, .kept, path: "inbox/Vacation/b.jpg")
        failedID = try catalog.admit(album: "Vacation", originalName: "bad.jpg", size: 1, sha256: sha(3), duplicates: .skip).photoID
        try catalog.recordFailure(photoID: failedID, stage: "preprocess", reason: "not a photo hotfolders reads", detail: nil)
        _ = try catalog.admit(album: "Vacation", originalName: "a copy.jpg", size: 1, sha256: sha(1), duplicates: .skip)
        _ = try catalog.admit(album: "Vacation", originalName: "c.jpg", size: 1, sha256: sha(4), duplicates: .skip)
        let w = try catalog.admit(album: "Wedding", originalName: "w.jpg", size: 1, sha256: sha(1), duplicates: .skip).photoID
        try catalog.recordSuccess(photoID: w, outputs: [])

        // Inbox: b.jpg (kept), c.jpg (processing), two new ones (one in a subfolder), and things
        // that are not waiting photos: a dotfile, a partial download, a symlink. The photos start
        // as a JPEG does (status tells a photo from a file the agent skips by its first bytes).
        let vacation = layout.inbox(album: "Vacation")
        for name in ["b.jpg", "c.jpg", "d.jpg", "day 2/e.jpg", ".DS_Store", "f.jpg.part"] {
            let url = vacation.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(Self.jpegStart).write(to: url)
        }
        try FileManager.default.createSymbolicLink(atPath: vacation.appendingPathComponent("link.jpg").path,
                                                   withDestinationPath: "/etc/hostname")
        let new = layout.inbox(album: "New")
        try FileManager.default.createDirectory(at: new, withIntermediateDirectories: true)
        try Data(Self.jpegStart).write(to: new.appendingPathComponent("n.jpg"))
        try Data(Self.jpegStart).write(to: layout.inbox.appendingPathComponent("stray.jpg"))  // not in an album
    }

    static let jpegStart: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0]
}

@Suite struct StatusTests {
    @Test func summaryCountsByAlbumAndStatus() throws {
        let fixture = try Fixture()
        let summary = try fixture.catalog.summary()
        #expect(summary.map(\.album) == ["Vacation", "Wedding"])
        let vacation = summary[0]
        #expect(vacation[.done] == 2)
        #expect(vacation[.failed] == 1)
        #expect(vacation[.duplicate] == 1)
        #expect(vacation[.processing] == 1)
        #expect(vacation[.queued] == 0)
        #expect(vacation.kept == 1)
        #expect(vacation.total == 5)
        #expect(summary[1].counts == [.done: 1])
        #expect(try fixture.catalog.summary(album: "Wedding").map(\.album) == ["Wedding"])
        #expect(try fixture.catalog.count(status: .done) == 3)
        #expect(try fixture.catalog.count(status: .done, album: "Vacation") == 2)
        #expect(try fixture.catalog.count(status: "done") == 3)
    }

    @Test func latestFailuresNewestFirst() throws {
        let fixture = try Fixture()
        let second = try fixture.catalog.admit(album: "Wedding", originalName: "x.jpg", size: 1, sha256: sha(9), duplicates: .skip).photoID
        try fixture.catalog.recordFailure(photoID: second, stage: "watermark", reason: "the font is missing", detail: "pango")
        let failures = try fixture.catalog.latestFailures(limit: 10)
        #expect(failures.map(\.file) == ["x.jpg", "bad.jpg"])
        #expect(failures[0].album == "Wedding" && failures[0].stage == "watermark" && failures[0].reason == "the font is missing")
        #expect(failures[0].detail == "pango")
        #expect(try fixture.catalog.latestFailures(limit: 1).map(\.file) == ["x.jpg"])
        #expect(try fixture.catalog.latestFailures(limit: 10, album: "Vacation").map(\.photoID) == [fixture.failedID])
    }

    @Test func reportCountsWaitingFilesInTheInbox() throws {
        let fixture = try Fixture()
        let report = try StatusReport.gather(catalog: fixture.catalog, layout: fixture.layout)
        #expect(report.rows.map(\.album) == ["New", "Vacation", "Wedding"])
        // b.jpg is kept (done), so of b, c, d, day 2/e only three are waiting; dotfiles,
        // partial downloads and symlinks are not photos waiting.
        #expect(report.rows[1] == StatusReport.Row(album: "Vacation", waiting: 3, processing: 1, done: 2, failed: 1, duplicate: 1))
        #expect(report.rows[0] == StatusReport.Row(album: "New", waiting: 1))
        #expect(report.rows[2] == StatusReport.Row(album: "Wedding", waiting: 0, done: 1))
        #expect(report.failures.map(\.file) == ["bad.jpg"])

        let one = try StatusReport.gather(catalog: fixture.catalog, layout: fixture.layout, album: "New")
        #expect(one.rows == [StatusReport.Row(album: "New", waiting: 1)])
        #expect(one.failures.isEmpty)
    }

    /// A file the agent skips (not a photo it reads) stays in the inbox; it is counted as
    /// skipped, with a column of its own, not as waiting for ever.
    @Test func aSkippedFileCountsAsSkippedNotWaiting() throws {
        let fixture = try Fixture()
        try Data("%PDF-1.7 not a photo".utf8).write(to: fixture.layout.inbox(album: "New").appendingPathComponent("scan.pdf"))
        try Data().write(to: fixture.layout.inbox(album: "New").appendingPathComponent("copying.jpg"))
        let report = try StatusReport.gather(catalog: fixture.catalog, layout: fixture.layout, album: "New")
        // An empty file may be a copy under way: it is waiting.
        #expect(report.rows == [StatusReport.Row(album: "New", waiting: 2, skipped: 1)])
        let lines = report.table().split(separator: "\n").map(String.init)
        #expect(lines[0].split(separator: " ") == ["ALBUM", "WAITING", "DONE", "FAILED", "DUPLICATE", "SKIPPED"])
        #expect(lines[1].split(separator: " ") == ["New", "2", "0", "0", "0", "1"])
    }

    @Test func tableIsAlignedPlainText() throws {
        let fixture = try Fixture()
        let report = try StatusReport.gather(catalog: fixture.catalog, layout: fixture.layout)
        let text = report.table(timeZone: TimeZone(identifier: "UTC")!)
        #expect(!text.contains("\u{1B}"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].split(separator: " ") == ["ALBUM", "WAITING", "DONE", "FAILED", "DUPLICATE"])
        #expect(lines[1].split(separator: " ") == ["New", "1", "0", "0", "0"])
        #expect(lines[2].split(separator: " ") == ["Vacation", "3", "2", "1", "1"])
        #expect(lines[3].split(separator: " ") == ["Wedding", "0", "1", "0", "0"])
        #expect(lines[4].split(separator: " ") == ["total", "4", "3", "1", "1"])
        // Right-aligned numbers: every row ends at the same column.
        #expect(Set(lines[0...4].map(\.count)).count == 1)
        #expect(lines.contains("Latest failures"))
        let failure = try #require(lines.first { $0.contains("bad.jpg") })
        #expect(failure.contains("Vacation") && failure.contains("preprocess") && failure.hasSuffix("not a photo hotfolders reads"))
        #expect(!lines.contains { $0.hasSuffix(" ") })
    }

    @Test func albumsThatPublishShowWhatIsDeployedWaitingAndRefused() throws {
        let fixture = try Fixture()
        // Wedding publishes: one photo on the store, one waiting, one the store refused.
        let ids = try (10..<13).map { n in
            try fixture.catalog.admit(album: "Wedding", originalName: "p\(n).jpg", size: 1, sha256: sha(n), duplicates: .skip).photoID
        }
        for id in ids { try fixture.catalog.markDeployPending(photoID: id, album: "Wedding") }
        try fixture.catalog.markDeployed(photoID: ids[0])
        try fixture.catalog.failDeploy(photoIDs: [ids[2]], error: "403 SignatureDoesNotMatch")

        let report = try StatusReport.gather(catalog: fixture.catalog, layout: fixture.layout)
        let wedding = try #require(report.rows.first { $0.album == "Wedding" })
        #expect(wedding.deployed == 1 && wedding.deployPending == 1 && wedding.deployFailed == 1)
        let lines = report.table(timeZone: TimeZone(identifier: "UTC")!).split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix("DEPLOYED  TO DEPLOY  DEPLOY FAILED"), "\(lines[0])")
        #expect(lines[1].split(separator: " ").suffix(3) == ["0", "0", "0"], "an album that does not publish: \(lines[1])")
        #expect(lines[3].split(separator: " ").suffix(3) == ["1", "1", "1"], "\(lines[3])")

        // Without any deploy state the columns are not there at all (see tableIsAlignedPlainText).
    }

    @Test func anEmptyRootSaysSo() throws {
        let dir = TemporaryDirectory("status")
        let report = try StatusReport.gather(catalog: try Catalog(directory: dir.path("state")), layout: Layout(root: dir.url))
        #expect(report.rows.isEmpty)
        #expect(report.table().contains("No albums yet"))
    }
}

@Suite struct EventFormatterTests {
    let utc = EventFormatter(colour: false, timeZone: TimeZone(identifier: "UTC")!)
    let time = Timestamp.date(from: "2026-11-21T10:04:05.123Z")!

    @Test func processedShowsPlaceOutputsAndTime() {
        let line = utc.format(Event(.processed, album: "Vacation 2024", file: "IMG_1.jpg",
                                    outputs: ["outbox/Vacation 2024/web/IMG_1.webp"], ms: 812, time: time))
        #expect(line == "11-21 10:04:05  info     processed   Vacation 2024/IMG_1.jpg  → web/IMG_1.webp  812 ms")
    }

    @Test func failureShowsStageReasonAndDetail() {
        let line = utc.format(Event(.failed, level: .error, album: "A", file: "bad.jpg", stage: "preprocess",
                                    reason: "not a photo", detail: "VipsForeignLoad: unknown format",
                                    fields: ["original": "failed/A/bad.jpg"], time: time))
        #expect(line == "11-21 10:04:05  error    failed      A/bad.jpg  preprocess: not a photo  (VipsForeignLoad: unknown format)  original=failed/A/bad.jpg")
    }

    @Test func localTimeFollowsTheTimeZone() {
        let paris = EventFormatter(timeZone: TimeZone(secondsFromGMT: 3_600)!)
        #expect(paris.format(Event(named: "x", time: time)).hasPrefix("11-21 11:04:05"))
    }

    @Test func colourOnlyWhenAsked() {
        let event = Event(.failed, level: .error, album: "A", file: "x.jpg", reason: "why", time: time)
        #expect(!utc.format(event).contains("\u{1B}"))
        var coloured = utc
        coloured.colour = true
        let text = coloured.format(event)
        #expect(text.contains("\u{1B}[1;31merror"))
        #expect(text.hasSuffix("\u{1B}[0m"))
    }

    @Test func controlCharactersInNamesAreMadeVisible() {
        let line = utc.format(Event(.processed, album: "A", file: "evil\n11-21 10:00:00  info  forged\u{1B}[2J.jpg", time: time))
        #expect(!line.contains("\n") && !line.contains("\u{1B}"))
        #expect(line.contains(#"evil\n11-21"#) && line.contains(#"\u{1b}[2J"#))
    }

    /// A line from an older (or newer) version under a name this one does not know is still
    /// shown and filtered like any other, in the colour of its level; known outcomes keep theirs.
    @Test func anEventNameThisVersionDoesNotKnowIsStillShown() {
        let line = #"{"time":"2026-11-21T10:04:05.123Z","level":"error","event":"thumbnail_failed","album":"A","file":"1.jpg"}"#
        let event = Event(jsonLine: line)
        #expect(event?.kind == nil && event?.event == "thumbnail_failed")
        #expect(event?.jsonLine == line)
        #expect(EventLogView(filter: EventFilter(album: "A", minimumLevel: .warning), formatter: utc).render(line)
            == "11-21 10:04:05  error    thumbnail_failed  A/1.jpg")
        var coloured = utc
        coloured.colour = true
        #expect(coloured.format(line: line)?.contains("\u{1B}[31mthumbnail_failed") == true)
        #expect(coloured.format(Event(.processed, time: time)).contains("\u{1B}[32mprocessed"))
    }

    @Test func viewFiltersByAlbumAndLevel() {
        let lines = [
            Event(.processed, album: "A", file: "1.jpg", time: time).jsonLine,
            Event(.skipped, level: .warning, album: "B", file: "2.txt", reason: "not a photo", time: time).jsonLine,
            Event(.failed, level: .error, album: "A", file: "3.jpg", reason: "broken", time: time).jsonLine,
            "not json at all",
        ]
        let errors = EventLogView(filter: EventFilter(minimumLevel: .warning), formatter: utc)
        #expect(lines.compactMap(errors.render).count == 2)
        let albumA = EventLogView(filter: EventFilter(album: "A"), formatter: utc)
        #expect(lines.compactMap(albumA.render).map { $0.contains("A/") } == [true, true])
        let json = EventLogView(json: true)
        // Whole lines passed through untouched; one that is not JSON (torn by a crash) left out.
        #expect(lines.compactMap(json.render) == Array(lines.dropLast()))
        let jsonErrors = EventLogView(filter: EventFilter(minimumLevel: .error), json: true)
        #expect(lines.compactMap(jsonErrors.render) == [lines[2]])
        #expect(lines.compactMap(EventLogView(formatter: utc).render).count == 3)
    }
}
