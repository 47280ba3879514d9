import CInotifyTools
import Glibc

/// A failed inotify call, with the kernel's errno (as libinotifytools reports it through
/// `inotifytools_error()`) and the path it was about.
public struct InotifyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being done ("watch", "start inotify", "read events").
    public var operation: String
    public var path: String?
    public var code: Int32

    public init(_ operation: String, path: String? = nil, code: Int32) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    /// The per-user watch limit (`fs.inotify.max_user_watches`) is reached: the kernel refused a
    /// watch with ENOSPC. The folder can still be polled.
    public var isWatchLimit: Bool { code == ENOSPC }

    /// The per-user limit on inotify instances (`fs.inotify.max_user_instances`) is reached (or,
    /// with the same errno, the process's own limit on open descriptors).
    public var isInstanceLimit: Bool { code == EMFILE && operation == "start inotify" }

    /// Another `InotifyInstance` is alive in this process (libinotifytools has one set of globals).
    public var isInstanceInUse: Bool { code == EBUSY && operation == "start inotify" }

    /// Why, in words an operator can act on; names the sysctl to raise for the two limits.
    public var reason: String {
        if isWatchLimit {
            return "the inotify watch limit is reached (fs.inotify.max_user_watches = \(Self.limit(inotifytools_get_max_user_watches()))); "
                + "raise it, e.g. `sysctl fs.inotify.max_user_watches=524288`"
        }
        if isInstanceLimit {
            return "the inotify instance limit is reached (fs.inotify.max_user_instances = \(Self.limit(inotifytools_get_max_user_instances()))); "
                + "raise it, e.g. `sysctl fs.inotify.max_user_instances=512`"
        }
        if isInstanceInUse {
            return "this process already has an inotify instance (libinotifytools keeps one per process)"
        }
        return String(cString: strerror(code))
    }

    public var description: String {
        "cannot \(operation)\(path.map { " " + $0 } ?? ""): \(reason)"
    }

    /// The library reads the limit from /proc and returns -1 when it cannot.
    private static func limit(_ value: Int32) -> String { value < 0 ? "unknown" : String(value) }
}
