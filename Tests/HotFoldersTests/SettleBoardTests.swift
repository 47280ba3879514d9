import Foundation
import Testing
@testable import HotFolders

@Suite struct SettleBoardTests {
    let clock = ContinuousClock()

    @Test func aQuietUnchangedFileSettlesAfterItsSettleTime() throws {
        let dir = TemporaryDirectory("settle")
        let file = dir.path("a.jpg")
        try Data([1, 2, 3]).write(to: file)
        var board = SettleBoard()
        let start = clock.now
        board.observe(file, settle: .seconds(2), now: start)

        #expect(board.settled(now: start + .seconds(1)).isEmpty)
        #expect(board.settled(now: start + .seconds(2)) == [file])
        #expect(board.count == 0)
    }

    @Test func aGrowingFileWaitsAnotherQuietPeriod() throws {
        let dir = TemporaryDirectory("settle-grow")
        let file = dir.path("a.jpg")
        try Data([1]).write(to: file)
        var board = SettleBoard()
        let start = clock.now
        board.observe(file, settle: .seconds(2), now: start)
        // More data arrives without an event reaching us (a writer that keeps the file open).
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([2, 3]))
        try handle.close()

        #expect(board.settled(now: start + .seconds(2)).isEmpty, "changed since the first look")
        #expect(board.settled(now: start + .seconds(3)).isEmpty, "a new quiet period started at the second look")
        #expect(board.settled(now: start + .seconds(4)) == [file])
    }

    @Test func eachEventRestartsTheWaitAndVanishedFilesAreDropped() throws {
        let dir = TemporaryDirectory("settle-events")
        let file = dir.path("a.jpg")
        let gone = dir.path("gone.jpg")
        try Data([1]).write(to: file)
        try Data([1]).write(to: gone)
        var board = SettleBoard()
        let start = clock.now
        board.observe(file, settle: .seconds(2), now: start)
        board.observe(gone, settle: .seconds(2), now: start)
        board.observe(file, settle: .seconds(2), now: start + .seconds(1))
        try FileManager.default.removeItem(at: gone)

        #expect(board.settled(now: start + .seconds(2)).isEmpty)
        #expect(board.count == 1)
        #expect(board.settled(now: start + .seconds(3)) == [file])
    }

    @Test func forgettingAFolderDropsWhatWasPendingInside() throws {
        let dir = TemporaryDirectory("settle-forget")
        let album = dir.folder("inbox", "A")
        let other = dir.folder("inbox", "AB")
        try Data([1]).write(to: album.appendingPathComponent("x.jpg"))
        try Data([1]).write(to: other.appendingPathComponent("y.jpg"))
        var board = SettleBoard()
        board.observe(album.appendingPathComponent("x.jpg"), settle: .seconds(1), now: clock.now)
        board.observe(other.appendingPathComponent("y.jpg"), settle: .seconds(1), now: clock.now)
        board.forget(under: album)
        #expect(board.count == 1)
        #expect(board.contains(other.appendingPathComponent("y.jpg")))
    }

    /// The settle stage sleeps until `nextDue`: it must be the end of the soonest wait, follow
    /// a wait that was restarted, and be nil once the board is empty (the stage then sleeps
    /// until woken instead of ticking).
    @Test func theSoonestEndOfAWaitIsWhatTheSettleStageSleepsTo() throws {
        let dir = TemporaryDirectory("settle-next")
        let slow = dir.path("slow.jpg")
        let quick = dir.path("quick.jpg")
        try Data([1]).write(to: slow)
        try Data([2]).write(to: quick)
        var board = SettleBoard()
        let start = clock.now
        #expect(board.nextDue == nil)
        board.observe(slow, settle: .seconds(2), now: start)
        board.observe(quick, settle: .seconds(1), now: start)
        #expect(board.nextDue == start + .seconds(1))
        // An event restarts the quick one's wait: nothing is due at its old end.
        board.observe(quick, settle: .seconds(1), now: start + .milliseconds(500))
        #expect(board.takeDue(now: start + .seconds(1)).isEmpty)
        #expect(board.nextDue == start + .milliseconds(1500))
        #expect(board.settled(now: start + .milliseconds(1500)) == [quick])
        #expect(board.nextDue == start + .seconds(2))
        #expect(board.settled(now: start + .seconds(2)) == [slow])
        #expect(board.nextDue == nil && board.count == 0)
    }
}
