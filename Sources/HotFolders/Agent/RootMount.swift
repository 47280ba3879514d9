import Foundation
import Glibc

/// The file systems root and `inbox/` were on when the agent started, to notice cheaply (two
/// `stat`s) when they are no longer there: a share unmounted under a running agent leaves the
/// bare mount point, and photos copied into it would be processed into the local disk.
struct RootMount: Sendable {
    /// Why the agent pauses the root.
    enum Problem: Sendable, Equatable {
        /// `inbox/` is not there (the share is gone, or the folder was removed).
        case inboxMissing
        /// Root or `inbox/` is on another file system than at start (the mount point left bare).
        case otherFileSystem

        var reason: String {
            switch self {
            case .inboxMissing:
                "inbox/ is gone (is the share mounted?); the agent reads and writes nothing under root until it is back"
            case .otherFileSystem:
                "root is on another file system than at start (the share was unmounted?); the agent reads and writes "
                    + "nothing under root until it is back"
            }
        }
    }

    let root: URL
    let inbox: URL
    private let rootDevice: UInt64?
    private let inboxDevice: UInt64?

    init(layout: Layout) {
        root = layout.root
        inbox = layout.inbox
        rootDevice = Self.device(of: root)
        inboxDevice = Self.device(of: inbox)
    }

    /// What is wrong now, or nil while both are where they were at start.
    func problem() -> Problem? {
        guard let now = Self.device(of: inbox) else { return .inboxMissing }
        if let inboxDevice, now != inboxDevice { return .otherFileSystem }
        if let rootDevice, Self.device(of: root) != rootDevice { return .otherFileSystem }
        return nil
    }

    private static func device(of url: URL) -> UInt64? {
        var info = stat()
        guard stat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        return UInt64(info.st_dev)
    }
}
