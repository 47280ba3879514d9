import Dispatch
import Foundation
import Inotify
import Synchronization

/// Watches `inbox/` and every folder below it with inotify and reports what arrives as
/// `FileEvent`s on `events`.
///
/// One dedicated thread owns the process's `InotifyInstance` and does nothing but drain the
/// kernel's queue into `events`, whose buffer is unbounded: the reader never waits for the
/// consumer, because while it waited the kernel's own queue (16,384 events) would overflow in a
/// burst. New folders are watched on that thread, with everything already inside them, before
/// `.folder` is sent, so a consumer that scans on `.folder` misses nothing.
///
/// The public methods may be called from any thread; only the reader thread touches inotify.
/// Commands (stop, an injected overflow) reach it through a mutex and a wake-up; see
/// `InotifyWaker`. One watcher runs per process at a time (libinotifytools is process-global):
/// `start()` throws `InotifyError` with `isInstanceInUse` while another is running.
public final class KernelWatcher: Sendable {
    public let inbox: URL
    public let ignoring: IgnoredNames
    public let events: AsyncStream<FileEvent>
    private let shared: Shared

    /// - Throws: `SystemError` when `inbox` is not a folder.
    public init(inbox: URL, ignoring: IgnoredNames = IgnoredNames()) throws {
        var info = stat()
        guard stat(inbox.path, &info) == 0 else { throw SystemError("watch", inbox.path) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw SystemError("watch", inbox.path, code: ENOTDIR) }
        self.inbox = inbox
        self.ignoring = ignoring
        let (stream, continuation) = AsyncStream.makeStream(of: FileEvent.self, bufferingPolicy: .unbounded)
        events = stream
        shared = Shared(continuation: continuation)
    }

    deinit { stop() }

    /// Starts the reader thread and returns once the whole inbox tree is watched, so a scan made
    /// afterwards and the events together cover everything. Folders the kernel refused are
    /// already on `events` as `.unwatchable`.
    ///
    /// - Throws: `InotifyError` (another instance in this process, the instance limit, an inbox
    ///   that vanished); a refused inbox under the watch limit is reported as `.unwatchable`
    ///   instead, for the agent to poll it.
    public func start() throws {
        let group = DispatchGroup()
        try shared.control.withLock { control in
            guard control.phase == .idle else { throw InotifyError("start watching", path: inbox.path, code: EALREADY) }
            control.phase = .running
            control.running = group
        }
        let outcome = Mutex<Result<InotifyWaker, any Error>?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let (shared, root, ignoring) = (shared, Self.trimmed(inbox.path), ignoring)
        group.enter()
        let thread = Thread {
            InboxReader.run(inbox: root, ignoring: ignoring, shared: shared) { result in
                outcome.withLock { $0 = result }
                ready.signal()
            }
            group.leave()
        }
        thread.name = "hotfolders-inotify"
        thread.start()
        ready.wait()
        switch outcome.withLock({ $0 })! {
        case .success(let waker):
            shared.control.withLock { $0.waker = waker }
        case .failure(let error):
            group.wait()
            shared.control.withLock { control in
                guard control.phase == .running else { return }
                control.phase = .idle
                control.running = nil
            }
            throw error
        }
    }

    /// Stops the reader, waits for its thread to end (the inotify instance is released by then)
    /// and finishes `events`. Idempotent; a stopped watcher cannot be started again.
    public func stop() {
        let (running, waker) = shared.control.withLock { control -> (DispatchGroup?, InotifyWaker?) in
            control.stopRequested = true
            control.phase = .stopped
            return (control.running, control.waker)
        }
        waker?.wake()
        running?.wait()
        shared.continuation.finish()
    }

    /// Folders the kernel refuses to watch now, with why, by path. Those refused while `start()`
    /// walked the inbox are here when it returns (their `.unwatchable` events may not have been
    /// read yet).
    public var refusedFolders: [(folder: URL, reason: String)] {
        shared.refused.withLock { $0 }.sorted { $0.key < $1.key }.map {
            (URL(filePath: $0.key, directoryHint: .isDirectory), $0.value)
        }
    }

    /// Folders watched now (the reader updates it after every change).
    public var watchCount: Int { shared.watchCount.load(ordering: .relaxed) }

    /// Asks the reader to try again the folders the kernel refused (and the inbox, if it went
    /// away and is back): each that is watched now is sent as `.watchable`, each still refused as
    /// `.unwatchable` again. The agent asks at every reconcile and when a paused root is back.
    public func rewatch() {
        let waker = shared.control.withLock { control -> InotifyWaker? in
            control.rewatchRequests += 1
            return control.waker
        }
        waker?.wake()
    }

    /// Test hook: the reader behaves as if the kernel had reported IN_Q_OVERFLOW (re-walks the
    /// tree for folders it may have missed, then sends `.overflow`).
    public func injectOverflow() {
        let waker = shared.control.withLock { control -> InotifyWaker? in
            control.overflowRequests += 1
            return control.waker
        }
        waker?.wake()
    }

    private static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// What the calling threads and the reader thread share.
    final class Shared: Sendable {
        let continuation: AsyncStream<FileEvent>.Continuation
        let control = Mutex(Control())
        let watchCount = Atomic<Int>(0)
        /// Folders the kernel refuses to watch now (path -> why), kept by the reader.
        let refused = Mutex<[String: String]>([:])

        init(continuation: AsyncStream<FileEvent>.Continuation) {
            self.continuation = continuation
        }

        /// Taken by the reader between two reads.
        func takeCommands() -> (stop: Bool, overflows: Int, rewatch: Bool) {
            control.withLock { control in
                let overflows = control.overflowRequests
                let rewatch = control.rewatchRequests > 0
                control.overflowRequests = 0
                control.rewatchRequests = 0
                return (control.stopRequested, overflows, rewatch)
            }
        }
    }

    struct Control: Sendable {
        enum Phase { case idle, running, stopped }
        var phase = Phase.idle
        var stopRequested = false
        var overflowRequests = 0
        var rewatchRequests = 0
        var waker: InotifyWaker?
        /// Left by the reader thread when it ends.
        var running: DispatchGroup?
    }
}
