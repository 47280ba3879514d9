import Foundation
import Glibc
import Inotify
import Testing

/// Every test that creates an inotify instance in this process runs inside this suite, one at a
/// time: libinotifytools allows one instance per process (a second `InotifyInstance` or a second
/// running `KernelWatcher` throws until the first is released).
@Suite(.serialized) struct InotifySerial {}

extension InotifySerial {
    @Suite struct InotifyTests {
        static let mask: EventMask = [.closeWrite, .movedTo, .movedFrom, .create, .delete, .deleteSelf]

        @Test func aSecondInstanceThrowsWhileTheFirstIsAliveAndNotAfter() throws {
            var first: InotifyInstance? = try InotifyInstance()
            #expect(first != nil)
            do {
                _ = try InotifyInstance()
                Issue.record("a second instance was created")
            } catch {
                #expect(error.isInstanceInUse)
                #expect(error.description.contains("one per process"))
            }
            first = nil
            _ = try InotifyInstance()
        }

        @Test func aWriteInAWatchedFolderIsReportedWithItsFolderAndName() throws {
            let dir = TemporaryDirectory("inotify")
            let inotify = try InotifyInstance()
            let wd = try inotify.watch(dir.url.path, mask: Self.mask)
            #expect(inotify.watchCount == 1)
            #expect(inotify.wd(of: dir.url.path) == wd)
            try writeFile(dir.path("a.jpg"))

            let events = readEvents(inotify) { $0.mask.contains(.closeWrite) }
            let create = events.first { $0.mask.contains(.create) }
            let close = events.first { $0.mask.contains(.closeWrite) }
            #expect(create?.name == "a.jpg")
            #expect(close?.wd == wd)
            #expect(close?.name == "a.jpg")
            #expect(close?.folder == dir.url.path)
            #expect(close?.path == dir.path("a.jpg").path)
            #expect(close?.mask.description.contains("CLOSE_WRITE") == true)
        }

        /// libinotifytools reads ahead into a static buffer that outlives `inotifytools_cleanup`.
        @Test func eventsLeftUnreadAreNotHandedToTheNextInstance() throws {
            let dir = TemporaryDirectory("inotify")
            let first = dir.folder("first")
            let second = dir.folder("second")
            var inotify: InotifyInstance? = try InotifyInstance()
            try inotify!.watch(first.path, mask: Self.mask)
            for index in 0..<100 { try writeFile(first.appendingPathComponent("\(index).jpg")) }
            #expect(try inotify!.next(timeout: 1) != nil)
            inotify = nil

            let next = try InotifyInstance()
            try next.watch(second.path, mask: Self.mask)
            #expect(try next.next(timeout: 0) == nil)
        }

        @Test func nextReturnsNilWhenNothingHappens() throws {
            let dir = TemporaryDirectory("inotify")
            let inotify = try InotifyInstance()
            try inotify.watch(dir.url.path, mask: Self.mask)
            #expect(try inotify.next(timeout: 0) == nil)
        }

        @Test func theWakerCutsAWaitShortFromAnotherThread() throws {
            let inotify = try InotifyInstance()
            #expect(inotify.waker.wakesAtOnce)
            let waker = inotify.waker
            Thread.detachNewThread {
                usleep(100_000)
                waker.wake()
            }
            let clock = ContinuousClock()
            let start = clock.now
            // The library itself waits in whole seconds: woken, it returns long before 30.
            #expect(try inotify.next(timeout: 30) == nil)
            #expect(clock.now - start < .seconds(10))
            #expect(inotify.watchCount == 0)
        }

        @Test func aTreeIsWatchedParentFirstWithoutSymlinksOrIgnoredNames() throws {
            let dir = TemporaryDirectory("inotify")
            let root = dir.folder("inbox")
            dir.folder("inbox", "A", "day 1", "raw")
            dir.folder("inbox", "B")
            dir.folder("inbox", "A", "@eaDir", "thumbs")
            let outside = dir.folder("elsewhere", "deep")
            try FileManager.default.createSymbolicLink(at: dir.path("inbox", "link"), withDestinationURL: outside)
            try writeFile(dir.path("inbox", "A", "photo.jpg"))

            let inotify = try InotifyInstance()
            let tree = inotify.watchTree(root.path, mask: Self.mask) { $0.hasPrefix("@") }
            let expected = ["inbox", "inbox/A", "inbox/A/day 1", "inbox/A/day 1/raw", "inbox/B"].map { dir.url.path + "/" + $0 }
            #expect(Set(tree.added) == Set(expected))
            #expect(tree.added.first == root.path)
            #expect(tree.refused.isEmpty)
            #expect(inotify.watchCount == 5)

            // Watching again changes nothing; removing a branch removes what is below it.
            #expect(inotify.watchTree(root.path, mask: Self.mask) { $0.hasPrefix("@") }.added.isEmpty)
            #expect(inotify.removeWatches(under: dir.path("inbox", "A").path) == 3)
            #expect(inotify.watchCount == 2)
            #expect(inotify.wd(of: dir.path("inbox", "A", "day 1").path) == nil)
        }

        /// libinotifytools never forgets a watch the kernel dropped by itself; the instance must
        /// still find the new watch when a folder of the same name comes back.
        @Test func aFolderDeletedAndCreatedAgainIsWatchedUnderItsNewWd() throws {
            let dir = TemporaryDirectory("inotify")
            let inotify = try InotifyInstance()
            try inotify.watch(dir.url.path, mask: Self.mask)
            let album = dir.folder("Album")
            let oldWd = try inotify.watch(album.path, mask: Self.mask)
            #expect(rmdir(album.path) == 0)
            let gone = readEvents(inotify) { $0.mask.contains(.delete) && $0.name == "Album" }
            #expect(gone.contains { $0.wd == oldWd && $0.mask.contains(.ignored) })
            #expect(inotify.watchCount == 1)
            #expect(inotify.wd(of: album.path) == nil)

            dir.folder("Album")
            let newWd = try inotify.watch(album.path, mask: Self.mask)
            #expect(newWd != oldWd)
            #expect(inotify.watchCount == 2)
            try writeFile(dir.path("Album", "a.jpg"))
            let events = readEvents(inotify) { $0.mask.contains(.closeWrite) }
            #expect(events.last?.wd == newWd)
            #expect(events.last?.path == dir.path("Album", "a.jpg").path)
        }

        /// A folder deleted while something holds it open keeps its watch until the last
        /// reference goes, so its IN_IGNORED can come after the folder was created again.
        @Test func aLateIgnoredForAnOldFolderLeavesItsSuccessorAlone() throws {
            let dir = TemporaryDirectory("inotify")
            let inotify = try InotifyInstance()
            try inotify.watch(dir.url.path, mask: Self.mask)
            let album = dir.folder("Album")
            let oldWd = try inotify.watch(album.path, mask: Self.mask)
            let held = open(album.path, O_RDONLY | O_DIRECTORY)
            #expect(held >= 0)
            #expect(rmdir(album.path) == 0)
            _ = readEvents(inotify) { $0.mask.contains(.delete) && $0.name == "Album" }
            inotify.removeWatches(under: album.path)

            dir.folder("Album")
            let newWd = try inotify.watch(album.path, mask: Self.mask)
            #expect(newWd != oldWd)
            close(held)
            try writeFile(dir.path("Album", "b.jpg"))
            let events = readEvents(inotify) { $0.mask.contains(.closeWrite) }
            #expect(events.last?.path == dir.path("Album", "b.jpg").path)
            #expect(inotify.wd(of: album.path) == newWd)
            #expect(inotify.watchCount == 2)
        }

        @Test func aMissingFolderOrASymlinkIsNotWatched() throws {
            let dir = TemporaryDirectory("inotify")
            let inotify = try InotifyInstance()
            #expect(throws: InotifyError.self) { try inotify.watch(dir.path("missing").path, mask: Self.mask) }
            let target = dir.folder("target")
            try FileManager.default.createSymbolicLink(at: dir.path("link"), withDestinationURL: target)
            do {
                try inotify.watch(dir.path("link").path, mask: Self.mask.union([.onlyDirectory, .dontFollow]))
                Issue.record("a symlink was watched")
            } catch {
                #expect(error.code == ENOTDIR)
            }
            #expect(inotify.watchCount == 0)
        }

        @Test func theWatchLimitErrorNamesTheSysctlToRaise() {
            let error = InotifyError("watch", path: "/srv/inbox/Album", code: ENOSPC)
            #expect(error.isWatchLimit)
            #expect(error.reason.contains("fs.inotify.max_user_watches"))
            #expect(error.description.hasPrefix("cannot watch /srv/inbox/Album: the inotify watch limit is reached"))
            let other = InotifyError("watch", path: "/srv/inbox/Album", code: EACCES)
            #expect(!other.isWatchLimit)
            #expect(other.description == "cannot watch /srv/inbox/Album: Permission denied")
            #expect(InotifyError("start inotify", code: EMFILE).reason.contains("fs.inotify.max_user_instances"))
        }

        @Test func theTemporaryFolderHasAFileSystemMagicNumber() {
            let dir = TemporaryDirectory("inotify")
            #expect(Inotify.fileSystemMagic(of: dir.url.path) != nil)
            #expect(Inotify.fileSystemMagic(of: dir.path("missing").path) == nil)
            #expect((Inotify.maxUserWatches ?? 0) > 0)
        }
    }
}

/// Reads events until one matches `last` (returned with everything before it), for up to 10 s.
func readEvents(_ inotify: InotifyInstance, until last: (InotifyEvent) -> Bool) -> [InotifyEvent] {
    var events: [InotifyEvent] = []
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
        guard let event = try? inotify.next(timeout: 1) else { continue }
        events.append(event)
        if last(event) { break }
    }
    return events
}

/// Creates (or truncates) `url` and writes `bytes` with plain system calls, then closes it.
func writeFile(_ url: URL, _ bytes: [UInt8] = [0xFF, 0xD8, 0xFF]) throws {
    let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { close(fd) }
    if !bytes.isEmpty { guard write(fd, bytes, bytes.count) == bytes.count else { throw POSIXError(.EIO) } }
}
