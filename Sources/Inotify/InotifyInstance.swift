import CInotifyTools
import Glibc
import Synchronization

/// The process's inotify instance, through libinotifytools: watches on folders, and the events
/// the kernel reports for them.
///
/// libinotifytools keeps all its state in process globals (one inotify descriptor, its watch
/// tables, a static event buffer), hence two rules, both enforced:
/// - **One per process at a time.** Creating a second while one is alive throws
///   (`isInstanceInUse`); a new one can be created once the old one has been released.
/// - **One thread.** Create it on the thread that reads its events and use it only there. The
///   type is deliberately not `Sendable`, so Swift 6 refuses to let it reach another thread or
///   task. The one thing other threads may do is `waker.wake()`.
///
/// The instance keeps its own table of live watches besides the library's, because the
/// library's cannot be trusted for two things: `inotifytools_watch_file` does not return the wd
/// (only a lookup by name finds it), and a watch the kernel drops by itself (its folder deleted)
/// is never forgotten by the library, so `inotifytools_get_num_watches` keeps counting it.
public final class InotifyInstance {
    /// A folder being watched.
    public struct Watch: Sendable, Equatable {
        public var wd: Int32
        public var path: String
        /// Which folder the name meant when it was watched: a folder deleted and created again
        /// under the same name is another inode and needs another watch.
        var device: UInt64
        var inode: UInt64
    }

    private static let alive = Atomic<Bool>(false)

    /// Wakes a `next(timeout:)` in progress; the only part of the instance for other threads.
    public let waker: InotifyWaker
    private let wakeWd: Int32?
    private(set) var watches: [Int32: Watch] = [:]
    private var wds: [String: Int32] = [:]

    public init() throws(InotifyError) {
        guard Self.alive.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            throw InotifyError("start inotify", code: EBUSY)
        }
        guard inotifytools_initialize() != 0 else {
            let code = inotifytools_error()
            Self.alive.store(false, ordering: .releasing)
            throw InotifyError("start inotify", code: code)
        }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            let code = errno
            inotifytools_cleanup()
            Self.alive.store(false, ordering: .releasing)
            throw InotifyError("start inotify", code: code)
        }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        let wakePath = "/proc/self/fd/\(ends[0])"
        if inotifytools_watch_file(wakePath, IN_MODIFY) != 0 {
            let wd = inotifytools_wd_from_filename(wakePath)
            wakeWd = wd > 0 ? wd : nil
        } else {
            wakeWd = nil
        }
        waker = InotifyWaker(readEnd: ends[0], writeEnd: ends[1], wakesAtOnce: wakeWd != nil)
    }

    deinit {
        // The library reads ahead into a static buffer that inotifytools_cleanup leaves as it is:
        // the next instance would be handed those events, whose wds by then mean other folders.
        // Reading until the kernel has nothing more empties it; the cap only guards against a
        // file system busier than this loop, which in practice never happens.
        var left = 1_000_000
        while left > 0, inotifytools_next_events(0, 1) != nil { left -= 1 }
        // Closes the inotify descriptor (the kernel drops every watch) and frees the tables.
        inotifytools_cleanup()
        Self.alive.store(false, ordering: .releasing)
    }

    /// Folders watched now.
    public var watchCount: Int { watches.count }

    public func wd(of path: String) -> Int32? { wds[path] }

    public func watch(_ wd: Int32) -> Watch? { watches[wd] }

    /// Watches one folder (or file). Watching a name already watched for the same inode changes
    /// nothing; for another inode (the folder was replaced) the old watch is removed first.
    /// Throws the kernel's refusal: `isWatchLimit` for ENOSPC, ENOENT/ENOTDIR when the path is
    /// gone or is not a folder (with `.onlyDirectory`; a symlink with `.dontFollow`).
    @discardableResult
    public func watch(_ path: String, mask: EventMask) throws(InotifyError) -> Int32 {
        var info = stat()
        let found = mask.contains(.dontFollow) ? lstat(path, &info) : stat(path, &info)
        guard found == 0 else { throw InotifyError("watch", path: path, code: errno) }
        let device = UInt64(info.st_dev)
        let inode = UInt64(info.st_ino)
        if let wd = wds[path], let known = watches[wd] {
            if known.device == device && known.inode == inode { return wd }
            removeWatch(wd)
        }
        guard inotifytools_watch_file(path, Int32(bitPattern: mask.rawValue)) != 0 else {
            throw InotifyError("watch", path: path, code: inotifytools_error())
        }
        guard let wd = libraryWd(of: path) else {
            throw InotifyError("watch", path: path, code: ENOENT)
        }
        if let other = watches[wd]?.path, other != path, wds[other] == wd {
            // The same folder under a second name (a bind mount): the kernel has one watch for it.
            wds[other] = nil
        }
        watches[wd] = Watch(wd: wd, path: path, device: device, inode: inode)
        wds[path] = wd
        return wd
    }

    /// Stops watching. A watch the kernel has already dropped is only forgotten.
    public func removeWatch(_ wd: Int32) {
        guard let watch = watches.removeValue(forKey: wd) else { return }
        if wds[watch.path] == wd { wds[watch.path] = nil }
        if inotifytools_remove_watch_by_wd(wd) == 0 {
            // The kernel dropped it a moment ago (its IN_IGNORED is still queued): the library
            // has said so on stderr and keeps its entry, which must not shadow the name.
            _ = hf_inotify_bury_wd(wd)
        }
    }

    public func removeWatch(path: String) {
        if let wd = wds[path] { removeWatch(wd) }
    }

    /// Stops watching `path` and every watched folder below it; returns how many were removed.
    @discardableResult
    public func removeWatches(under path: String) -> Int {
        let prefix = path.hasSuffix("/") ? path : path + "/"
        let doomed = watches.values.filter { $0.path == path || $0.path.hasPrefix(prefix) }.map(\.wd)
        for wd in doomed { removeWatch(wd) }
        return doomed.count
    }

    /// The next event, waiting at most `seconds` (0: do not wait; negative: wait for ever).
    /// Returns nil on timeout and when woken through `waker`.
    ///
    /// libinotifytools waits in whole seconds (its `select` sets only `tv_sec`), hence the unit;
    /// `waker` cuts the wait short. It reads up to 64 KiB of events per system call and hands
    /// them out one by one, so a burst costs few reads.
    public func next(timeout seconds: Int) throws(InotifyError) -> InotifyEvent? {
        // Not inotifytools_next_event: it turns a timeout of 0 into "block for ever".
        guard let raw = inotifytools_next_events(seconds, 1) else {
            let code = inotifytools_error()
            if code == 0 || code == EINTR { return nil }
            throw InotifyError("read events", code: code)
        }
        let wd = raw.pointee.wd
        if let wakeWd, wd == wakeWd {
            waker.drain()
            return nil
        }
        let mask = EventMask(rawValue: raw.pointee.mask)
        let name = raw.pointee.len > 0 ? FileName(cString: hf_inotify_event_name(raw)) : FileName(bytes: [])
        var event = InotifyEvent(wd: wd, mask: mask, cookie: raw.pointee.cookie, name: name.display, folder: libraryPath(of: wd))
        event.nameIsText = name.string != nil
        if mask.contains(.ignored), let watch = watches.removeValue(forKey: wd) {
            // The kernel dropped the watch (folder deleted, file system unmounted).
            if wds[watch.path] == wd { wds[watch.path] = nil }
            _ = hf_inotify_bury_wd(wd)
        }
        return event
    }

    /// The library's name for a watch, without the "/" it appends to folders; nil for an
    /// unknown or dead one.
    private func libraryPath(of wd: Int32) -> String? {
        guard wd > 0, let name = inotifytools_filename_from_wd(wd), name.pointee != 0 else { return nil }
        var path = String(cString: name)
        if path.utf8.last == 0x01 { return nil }
        if path.utf8.last == UInt8(ascii: "/") && path != "/" { path.removeLast() }
        return path
    }

    /// The wd the library recorded for `path`: it stores a folder reached without a symlink
    /// under "path/", anything else under the name as given.
    private func libraryWd(of path: String) -> Int32? {
        let folderKey = path.hasSuffix("/") ? path : path + "/"
        var wd = inotifytools_wd_from_filename(folderKey)
        if wd <= 0 { wd = inotifytools_wd_from_filename(path) }
        return wd > 0 ? wd : nil
    }
}

@available(*, unavailable, message: "libinotifytools is process-global: keep an InotifyInstance on the thread that created it")
extension InotifyInstance: Sendable {}
