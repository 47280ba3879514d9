import Foundation
import Inotify

/// The body of `KernelWatcher`'s thread: owns the inotify instance, turns kernel events into
/// `FileEvent`s and keeps the watches in step with the folders. Lives and dies on that thread.
final class InboxReader {
    /// What each folder is watched for. IN_CREATE and IN_DELETE are wanted for folders only,
    /// but inotify cannot tell them apart in the mask, so files raise them too (and are dropped).
    static let folderMask: EventMask = [.closeWrite, .movedTo, .movedFrom, .create, .delete, .deleteSelf, .moveSelf]

    private let inotify: InotifyInstance
    private let inbox: String
    private let ignoring: IgnoredNames
    private let shared: KernelWatcher.Shared
    private var inboxGone = false

    private init(inotify: InotifyInstance, inbox: String, ignoring: IgnoredNames, shared: KernelWatcher.Shared) {
        self.inotify = inotify
        self.inbox = inbox
        self.ignoring = ignoring
        self.shared = shared
    }

    /// Creates the instance, watches the tree, reports through `started`, then reads until told
    /// to stop. The instance is released before this returns.
    static func run(
        inbox: String, ignoring: IgnoredNames, shared: KernelWatcher.Shared,
        started: (Result<InotifyWaker, any Error>) -> Void
    ) {
        let reader: InboxReader
        do {
            reader = InboxReader(inotify: try InotifyInstance(), inbox: inbox, ignoring: ignoring, shared: shared)
            try reader.watchInbox()
        } catch {
            started(.failure(error))
            return
        }
        started(.success(reader.inotify.waker))
        reader.read()
    }

    private func watchInbox() throws {
        let tree = inotify.watchTree(inbox, mask: Self.folderMask, followRoot: true, skipping: ignoring.ignores)
        if inotify.wd(of: inbox) == nil {
            guard let refusal = tree.refused.first(where: { $0.path == inbox }) else {
                throw InotifyError("watch", path: inbox, code: ENOENT)
            }
            // Out of watches: the agent polls the whole inbox instead.
            guard refusal.error.isWatchLimit else { throw refusal.error }
        }
        report(tree)
    }

    /// How long a read waits for an event before looking at the commands again: a command wakes
    /// it at once through the waker, so the wait only bounds a wake lost where the waker cannot
    /// (no /proc); an idle agent's reader thread then costs nothing.
    private var idleTimeout: Int { inotify.waker.wakesAtOnce ? 60 : 1 }

    private func read() {
        var failing = false
        while true {
            let commands = shared.takeCommands()
            if commands.stop { return }
            if commands.overflows > 0 { recoverFromOverflow() }
            if commands.rewatch { rewatch() }
            do {
                if let event = try inotify.next(timeout: idleTimeout) { handle(event) }
                failing = false
            } catch {
                // A failed read (select or read on the inotify descriptor; not seen in practice):
                // events may be lost, which only a rescan repairs. Once per spell of failures,
                // then try again each second.
                if !failing { shared.continuation.yield(.overflow) }
                failing = true
                sleep(1)
            }
        }
    }

    private func handle(_ event: InotifyEvent) {
        let mask = event.mask
        if mask.contains(.queueOverflow) {
            recoverFromOverflow()
            return
        }
        if mask.contains(.ignored) {
            // The kernel dropped a watch by itself; the instance has forgotten it.
            countWatches()
            if event.folder == inbox { inboxLeft() }
            return
        }
        // A watch already removed (its folder moved away) may still have events queued.
        guard let folder = event.folder else { return }
        if event.name.isEmpty {
            if folder == inbox, !mask.isDisjoint(with: [.deleteSelf, .moveSelf, .unmount]) { inboxLeft() }
            return
        }
        if ignoring.ignores(event.name) { return }
        let path = folder + "/" + event.name
        if !event.nameIsText {
            // No path can reach it (nor watch it): say so, once it has arrived.
            if !mask.isDisjoint(with: [.closeWrite, .movedTo]) || mask.isSuperset(of: [.create, .isDirectory]) {
                shared.continuation.yield(.notUTF8(URL(filePath: path), isFolder: mask.contains(.isDirectory)))
            }
            return
        }
        if mask.contains(.isDirectory) {
            if !mask.isDisjoint(with: [.create, .movedTo]) {
                folderArrived(path)
            } else if !mask.isDisjoint(with: [.delete, .movedFrom]) {
                folderLeft(path)
            }
        } else if !mask.isDisjoint(with: [.closeWrite, .movedTo]) {
            shared.continuation.yield(.file(URL(filePath: path, directoryHint: .notDirectory)))
        }
    }

    /// A folder was created or moved in: watch it and everything already inside it now, then
    /// say so, so the consumer's scan sees whatever landed before the watch.
    private func folderArrived(_ path: String) {
        let tree = inotify.watchTree(path, mask: Self.folderMask, skipping: ignoring.ignores)
        report(tree)
        if inotify.wd(of: path) != nil {
            shared.continuation.yield(.folder(URL(filePath: path, directoryHint: .isDirectory)))
        }
    }

    private func folderLeft(_ path: String) {
        inotify.removeWatches(under: path)
        shared.refused.withLock { $0 = $0.filter { $0.key != path && !$0.key.hasPrefix(path + "/") } }
        countWatches()
        shared.continuation.yield(.folderGone(URL(filePath: path, directoryHint: .isDirectory)))
    }

    private func inboxLeft() {
        guard !inboxGone else { return }
        inboxGone = true
        shared.continuation.yield(.folderGone(URL(filePath: inbox, directoryHint: .isDirectory)))
    }

    /// Lost events may have hidden new folders (never watched) and removed ones: walk the whole
    /// tree again, watching what is missing and dropping what is gone, then ask for the rescan.
    private func recoverFromOverflow() {
        report(inotify.watchTree(inbox, mask: Self.folderMask, followRoot: true, prune: true, skipping: ignoring.ignores))
        shared.continuation.yield(.overflow)
    }

    /// Tries the refused folders again (and the whole inbox once it is back after leaving): a
    /// folder watched now, with everything below it, is `.watchable`.
    private func rewatch() {
        if inboxGone {
            var info = stat()
            guard stat(inbox, &info) == 0 else { return }
            shared.refused.withLock { $0 = [:] }
            report(inotify.watchTree(inbox, mask: Self.folderMask, followRoot: true, prune: true, skipping: ignoring.ignores))
            inboxGone = inotify.wd(of: inbox) == nil
            return
        }
        for path in shared.refused.withLock({ $0.keys.sorted() }) {
            shared.refused.withLock { _ = $0.removeValue(forKey: path) }
            let tree = inotify.watchTree(path, mask: Self.folderMask, skipping: ignoring.ignores)
            report(tree)
            if tree.refused.isEmpty, inotify.wd(of: path) != nil {
                shared.continuation.yield(.watchable(URL(filePath: path, directoryHint: .isDirectory)))
            }
        }
    }

    private func report(_ tree: InotifyInstance.TreeWatch) {
        for refusal in tree.refused {
            shared.refused.withLock { $0[refusal.path] = refusal.error.reason }
            let url = URL(filePath: refusal.path, directoryHint: .isDirectory)
            shared.continuation.yield(.unwatchable(url, reason: refusal.error.reason))
        }
        countWatches()
    }

    private func countWatches() {
        shared.watchCount.store(inotify.watchCount, ordering: .relaxed)
    }
}
