import Foundation
import Glibc
import Inotify
import Synchronization
import Testing
@testable import HotFolders

extension InotifySerial {
    @Suite struct KernelWatcherTests {
        @Test func aFileWrittenAndClosedIsReported() async throws {
            let dir = TemporaryDirectory("watch")
            let inbox = dir.folder("inbox")
            dir.folder("inbox", "Album")
            let (watcher, recorder) = try startWatcher(inbox)
            defer { watcher.stop() }
            #expect(watcher.watchCount == 2)

            try writeFile(dir.path("inbox", "Album", "a.jpg"))
            #expect(await recorder.wait { $0.files.contains(dir.path("inbox", "Album", "a.jpg").path) })
            #expect(recorder.events.first?.summary == "file " + dir.path("inbox", "Album", "a.jpg").path)
        }

        @Test func aTemporaryNameRenamedIntoPlaceIsReportedOnceUnderItsFinalName() async throws {
            let dir = TemporaryDirectory("watch")
            let inbox = dir.folder("inbox")
            dir.folder("inbox", "Album")
            let (watcher, recorder) = try startWatcher(inbox)
            defer { watcher.stop() }

            try writeFile(dir.path("inbox", "Album", "x.part"), [UInt8](repeating: 7, count: 4096))
            #expect(rename(dir.path("inbox", "Album", "x.part").path, dir.path("inbox", "Album", "x.jpg").path) == 0)
            #expect(await recorder.wait { $0.files.contains(dir.path("inbox", "Album", "x.jpg").path) })
            #expect(recorder.events.map(\.summary) == ["file " + dir.path("inbox", "Album", "x.jpg").path])
        }

        @Test func ignoredNamesRaiseNothing() async throws {
            let dir = TemporaryDirectory("watch")
            let inbox = dir.folder("inbox")
            dir.folder("inbox", "Album")
            let (watcher, recorder) = try startWatcher(inbox)
            defer { watcher.stop() }

            dir.folder("inbox", "@eaDir", "thumbs")
            try writeFile(dir.path("inbox", ".DS_Store"))
            try writeFile(dir.path("inbox", "Album", "download.crdownload"))
            // Events come in the kernel's order: once the marker is seen, the rest would have been.
            try writeFile(dir.path("inbox", "Album", "marker.jpg"))
            #expect(await recorder.wait { $0.files.contains(dir.path("inbox", "Album", "marker.jpg").path) })
            let paths = recorder.events.map(\.url?.path)
            #expect(paths == [dir.path("inbox", "Album", "marker.jpg").path])
            #expect(watcher.watchCount == 2)
        }

        /// Files can land in a new folder before its watch exists: a consumer that scans the folder
        /// when `.folder` arrives must still find every one of them.
        @Test func aFileCreatedRightAfterItsFolderIsSeenByEventOrByTheScan() async throws {
            let dir = TemporaryDirectory("watch")
            let inbox = dir.folder("inbox")
            let (watcher, recorder) = try startWatcher(inbox)
            defer { watcher.stop() }

            let albums = (0..<50).map { dir.path("inbox", "New \($0)") }
            for album in albums {
                #expect(mkdir(album.path, 0o755) == 0)
                try writeFile(album.appendingPathComponent("a.jpg"))
            }
            let files = Set(albums.map { $0.appendingPathComponent("a.jpg").path })
            #expect(await recorder.wait { $0.folders.count == 50 })
            #expect(await recorder.wait { files.isSubset(of: $0.files.union($0.foundByScan)) })
            #expect(watcher.watchCount == 51)
        }

        @Test func anAlbumMovedInWholeIsWatchedAllTheWayDown() async throws {
            let dir = TemporaryDirectory("watch")
            let inbox = dir.folder("inbox")
            dir.folder("staging", "Wedding", "day 1", "raw")
            dir.folder("staging", "Wedding", "day 2")
            try writeFile(dir.path("staging", "Wedding", "cover.jpg"))
            try writeFile(dir.path("staging", "Wedding", "day 1", "raw", "a.jpg"))
            let (watcher, recorder) = try startWatcher(inbox)
            defer { watcher.stop() }

            let album = dir.path("inbox", "Wedding")
            #expect(rename(dir.path("staging", "Wedding").path, album.path) == 0)
            #expect(await recorder.wait { $0.folders.contains(album.path) })
            #expect(recorder.state.withLock { $0.foundByScan }.isSuperset(of: [
                album.appendingPathComponent("cover.jpg").path,
                dir.path("inbox", "Wedding", "day 1", "raw", "a.jpg").path,
            ]))
            #expect(watcher.watchCount == 5)

            let late = dir.path("inbox", "Wedding", "day 1", "raw", "late.jpg")
            try writeFile(late)
            #expect(await recorder.wait { $0.files.contains(late.path) })
            dir.folder("inbox", "Wedding", "day 2", "edits")
            let edit = dir.path("inbox", "Wedding", "day 2", "edits", "e.jpg")
            try writeFile(edit)
            #expect(await recorder.wait { $0.files.contains(edit.path) || $0.foundByScan.contains(edit.path) })
            #expect(watcher.watchCount == 6)
        }

        @Test func aDeletedAlbumIsGoneAndItsWatchesWithIt() async throws {
            let dir = TemporaryDirectory("watch")
            let inbox = dir.folder("inbox")
            dir.folder("inbox", "Gone", "a")
            dir.folder("inbox", "Gone", "b", "c")
            dir.folder("inbox", "Stays")
            let (watcher, recorder) = try startWatcher(inbox)
            defer { watcher.stop() }
            #expect(watcher.watchCount == 6)

            try FileManager.default.removeItem(at: dir.path("inbox", "Gone"))
            #expect(await recorder.wait { $0.gone.contains(dir.path("inbox", "Gone").path) })
            #expect(await eventuallyAsync { watcher.watchCount == 2 })

            // The same name again is a new album, watched afresh.
            dir.folder("inbox", "Gone")
            #expect(await recorder.wait { $0.folders.contains(dir.path("inbox", "Gone").path) })
            try writeFile(dir.path("inbox", "Gone", "again.jpg"))
            #expect(await recorder.wait { $0.files.contains(dir.path("inbox", "Gone", "again.jpg").path) })
            #expect(watcher.watchCount == 3)
        }

        @Test func anAlbumMovedAwayIsGoneAndNoLongerWatched() async throws {
            let dir = TemporaryDirectory("watch")
            let inbox = dir.folder("inbox")
            dir.folder("inbox", "Away", "sub")
            dir.folder("elsewhere")
            let (watcher, recorder) = try startWatcher(inbox)
            defer { watcher.stop() }

            #expect(rename(dir.path("inbox", "Away").path, dir.path("elsewhere", "Away").path) == 0)
            #expect(await recorder.wait { $0.gone.contains(dir.path("inbox", "Away").path) })
            #expect(await eventuallyAsync { watcher.watchCount == 1 })
            try writeFile(dir.path("elsewhere", "Away", "sub", "outside.jpg"))
            try writeFile(dir.path("inbox", "marker.jpg"))
            #expect(await recorder.wait { $0.files.contains(dir.path("inbox", "marker.jpg").path) })
            #expect(!recorder.events.contains { $0.url?.path.contains("outside") == true })
        }

        @Test func anAlbumRenamedInsideTheInboxIsGoneUnderItsOldNameAndWatchedUnderItsNew() async throws {
            let dir = TemporaryDirectory("watch")
            let inbox = dir.folder("inbox")
            dir.folder("inbox", "Draft", "sub")
            let (watcher, recorder) = try startWatcher(inbox)
            defer { watcher.stop() }

            #expect(rename(dir.path("inbox", "Draft").path, dir.path("inbox", "Final").path) == 0)
            #expect(await recorder.wait { $0.folders.contains(dir.path("inbox", "Final").path) })
            #expect(recorder.events.prefix(2).map(\.summary) == [
                "gone " + dir.path("inbox", "Draft").path, "folder " + dir.path("inbox", "Final").path,
            ])
            let file = dir.path("inbox", "Final", "sub", "x.jpg")
            try writeFile(file)
            #expect(await recorder.wait { $0.files.contains(file.path) })
            #expect(watcher.watchCount == 3)
        }

        @Test func anInjectedOverflowIsReportedAfterTheTreeIsWalkedAgain() async throws {
            let dir = TemporaryDirectory("watch")
            let inbox = dir.folder("inbox")
            dir.folder("inbox", "Album")
            let (watcher, recorder) = try startWatcher(inbox)
            defer { watcher.stop() }

            watcher.injectOverflow()
            #expect(await recorder.wait(within: 30) { $0.overflows == 1 })
            #expect(watcher.watchCount == 2)
            try writeFile(dir.path("inbox", "Album", "after.jpg"))
            #expect(await recorder.wait { $0.files.contains(dir.path("inbox", "Album", "after.jpg").path) })
        }

        /// The reason for a dedicated reader: 20,000 files in a burst, far more than the kernel's
        /// 16,384-event queue (each file is an IN_CREATE and an IN_CLOSE_WRITE), all seen.
        @Test func aBurstOf20000FilesIsSeenWholeWithoutOverflow() async throws {
            let dir = TemporaryDirectory("burst")
            let inbox = dir.folder("inbox")
            let albums = (0..<20).map { dir.folder("inbox", "Album \($0)").path }
            let (watcher, recorder) = try startWatcher(inbox)
            defer { watcher.stop() }

            let clock = ContinuousClock()
            let start = clock.now
            for index in 0..<20_000 {
                let fd = open("\(albums[index % 20])/IMG_\(index).jpg", O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
                #expect(fd >= 0)
                close(fd)
            }
            let written = clock.now - start
            let complete = await recorder.wait(within: 60) { $0.files.count == 20_000 || $0.overflows > 0 }
            let seen = clock.now - start
            let state = recorder.state.withLock { $0 }
            #expect(complete)
            // Never lost without a word: either every file is seen or the overflow is reported.
            if state.overflows == 0 { #expect(state.files.count == 20_000) }
            // Seen whole is what a dedicated reader gives; on a machine too busy to run it during
            // the whole burst the kernel's queue can still fill (the agent then rescans, see
            // AgentTests.lostEventsAreCaughtByARescan), so an overflow here is not a failure.
            withKnownIssue("the reader was starved of CPU for the burst", isIntermittent: true) {
                #expect(state.overflows == 0)
            }
            print("burst: 20,000 files written in \(written), all \(state.files.count) events in \(seen), \(state.overflows) overflows")
        }

        @Test func stoppingEndsTheStreamAndFreesInotifyForTheNextWatcher() async throws {
            let dir = TemporaryDirectory("watch")
            let inbox = dir.folder("inbox")
            let (watcher, recorder) = try startWatcher(inbox)
            let second = try KernelWatcher(inbox: inbox)
            let refusal = #expect(throws: InotifyError.self) { try second.start() }
            #expect(refusal?.isInstanceInUse == true)

            let clock = ContinuousClock()
            let start = clock.now
            watcher.stop()
            // The reader wakes at once; its own wait of a second bounds it in any case.
            #expect(clock.now - start < .seconds(10))
            #expect(await recorder.wait { $0.finished })
            #expect(throws: Never.self) { try second.start() }
            second.stop()
        }

        @Test func anInboxThatIsNotAFolderIsRefused() throws {
            let dir = TemporaryDirectory("watch")
            #expect(throws: SystemError.self) { try KernelWatcher(inbox: dir.path("missing")) }
            try writeFile(dir.path("file"))
            #expect(throws: SystemError.self) { try KernelWatcher(inbox: dir.path("file")) }
        }

        /// Runs `watchLimitChild` in a user namespace of its own, whose inotify watch limit can be
        /// lowered without touching the machine's (`fs.inotify.max_user_watches` is shared by every
        /// process of the user; other test runs on this machine must not be starved of watches).
        @Test(.enabled(if: UserNamespace.available, "needs unshare(1) and unprivileged user namespaces"))
        func aFolderOverTheWatchLimitIsReportedUnwatchableAndTheRestStillWatched() throws {
            let dir = TemporaryDirectory("limit")
            let report = dir.path("report.txt")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
            process.arguments = [
                "--user", "--map-root-user", UserNamespace.testBinary.path,
                "--testing-library", "swift-testing", "--filter", "watchLimitChild",
            ]
            var environment = ProcessInfo.processInfo.environment
            environment[UserNamespace.reportVariable] = report.path
            process.environment = environment
            // The child's own output is kept, to say why when it fails.
            let output = dir.path("child-output.txt")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            let outputHandle = try FileHandle(forWritingTo: output)
            defer { try? outputHandle.close() }
            process.standardOutput = outputHandle
            process.standardError = outputHandle
            try process.run()
            #expect(eventually(within: 120) { !process.isRunning })
            if process.isRunning { process.terminate() }
            let lines = ((try? String(contentsOf: report, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            let childSaid = ((try? String(contentsOf: output, encoding: .utf8)) ?? "")
                .split(separator: "\n").filter { $0.contains("✘") || $0.contains("error") || $0.contains("rror:") }.suffix(12).joined(separator: "\n")
            #expect(process.terminationStatus == 0, "the child said:\n\(childSaid)")
            #expect(lines.contains("passed"), "the child wrote: \(lines)")
        }

        /// The child half of the test above; runs only in that user namespace.
        @Test(.enabled(if: ProcessInfo.processInfo.environment[UserNamespace.reportVariable] != nil))
        func watchLimitChild() async throws {
            let report = URL(fileURLWithPath: ProcessInfo.processInfo.environment[UserNamespace.reportVariable]!)
            var lines: [String] = []
            defer { try? lines.joined(separator: "\n").write(to: report, atomically: false, encoding: .utf8) }

            let dir = TemporaryDirectory("limit-child")
            let inbox = dir.folder("inbox")
            dir.folder("inbox", "A")
            dir.folder("inbox", "B")
            // Three watches: the instance's wake-up pipe, the inbox and one of A and B.
            try "3\n".write(toFile: "/proc/sys/user/max_inotify_watches", atomically: false, encoding: .utf8)
            let (watcher, recorder) = try startWatcher(inbox)
            defer { watcher.stop() }

            #expect(watcher.watchCount == 2)
            // The refusal is sent during start; the recorder reads it on a task of its own, so it
            // is waited for (read at once, it was missed now and then on a busy machine).
            #expect(await recorder.wait { $0.events.contains { if case .unwatchable = $0 { true } else { false } } })
            let refused = recorder.events.compactMap { event -> (URL, String)? in
                if case .unwatchable(let url, let reason) = event { return (url, reason) }
                return nil
            }
            #expect(refused.count == 1)
            guard let (folder, reason) = refused.first else { return }
            lines.append("unwatchable \(folder.path): \(reason)")
            #expect(reason.contains("fs.inotify.max_user_watches"))
            let watched = folder.lastPathComponent == "A" ? "B" : "A"

            dir.folder("inbox", "C")
            let c = dir.path("inbox", "C").path
            #expect(await recorder.wait { $0.events.contains { $0.summary == "unwatchable \(c): \(reason)" } })
            #expect(!recorder.state.withLock { $0.folders.contains(c) })
            try writeFile(dir.path("inbox", watched, "still.jpg"))
            #expect(await recorder.wait { $0.files.contains(dir.path("inbox", watched, "still.jpg").path) })
            #expect(watcher.watchCount == 2)
            if lines.count == 1 && recorder.events.count == 3 { lines.append("passed") }
        }
    }
}

enum UserNamespace {
    static let reportVariable = "HOTFOLDERS_WATCH_LIMIT_REPORT"

    /// The test executable itself (the child half runs in it).
    static var testBinary: URL { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath() }

    static var available: Bool {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        probe.arguments = ["--user", "--map-root-user", "sh", "-c", "echo 10 > /proc/sys/user/max_inotify_watches"]
        probe.standardError = FileHandle(forWritingAtPath: "/dev/null")
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }
}

/// Starts a watcher on `inbox` and a recorder reading its events.
func startWatcher(_ inbox: URL) throws -> (KernelWatcher, EventRecorder) {
    let watcher = try KernelWatcher(inbox: inbox)
    let recorder = EventRecorder(watcher.events)
    try watcher.start()
    return (watcher, recorder)
}

/// Reads a watcher's events on a task of its own and keeps them for the test to look at. On
/// `.folder` it scans the folder at once, as the agent does.
final class EventRecorder: Sendable {
    struct State: Sendable {
        var events: [FileEvent] = []
        var files: Set<String> = []
        var folders: Set<String> = []
        var gone: Set<String> = []
        var foundByScan: Set<String> = []
        var overflows = 0
        var finished = false
    }

    let state = Mutex(State())

    init(_ events: AsyncStream<FileEvent>) {
        Task.detached { [self] in
            for await event in events {
                var scanned: [String] = []
                if case .folder(let url) = event {
                    for case .file(let file, _) in FolderWalk(url) { scanned.append(file.path) }
                }
                state.withLock { state in
                    state.events.append(event)
                    switch event {
                    case .file(let url): state.files.insert(url.path)
                    case .folder(let url): state.folders.insert(url.path)
                    case .folderGone(let url): state.gone.insert(url.path)
                    case .overflow: state.overflows += 1
                    case .unwatchable, .watchable, .notUTF8: break
                    }
                    state.foundByScan.formUnion(scanned)
                }
            }
            state.withLock { $0.finished = true }
        }
    }

    var events: [FileEvent] { state.withLock { $0.events } }

    /// Waits (without blocking a thread) until `condition` holds or `seconds` pass.
    func wait(within seconds: Double = 10, until condition: (State) -> Bool) async -> Bool {
        await eventuallyAsync(within: seconds) { state.withLock { condition($0) } }
    }
}

func eventuallyAsync(within seconds: Double = 10, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}

extension FileEvent {
    /// "file /path", "folder /path", ...: compares by path, whatever the URL's directory flag.
    var summary: String {
        switch self {
        case .file(let url): return "file \(url.path)"
        case .folder(let url): return "folder \(url.path)"
        case .folderGone(let url): return "gone \(url.path)"
        case .unwatchable(let url, let reason): return "unwatchable \(url.path): \(reason)"
        case .watchable(let url): return "watchable \(url.path)"
        case .overflow: return "overflow"
        case .notUTF8(let url, let isFolder): return "not UTF-8 \(isFolder ? "folder" : "file") \(url.path)"
        }
    }

    var url: URL? {
        switch self {
        case .file(let url), .folder(let url), .folderGone(let url), .unwatchable(let url, _), .watchable(let url), .notUTF8(let url, _): return url
        case .overflow: return nil
        }
    }
}
