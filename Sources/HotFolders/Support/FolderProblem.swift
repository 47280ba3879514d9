import Foundation
import Glibc

/// Why root, state or a folder under root cannot be used, in one sentence with its path:
/// something only the user can fix (mount the share, fix the path, make it writable), so the
/// commands exit 78 on it and the systemd unit stops restarting. `check-config` reports the
/// same problems before anything runs.
public struct FolderProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which folder of the configuration it is.
    public enum Place: Sendable, Equatable {
        case root, state
        /// inbox/, outbox/, originals/ or failed/.
        case underRoot(String)
    }

    public enum Kind: Sendable, Equatable {
        /// Not there, and the configuration does not ask for it to be made.
        case missing
        /// Not there, and the folder it would be made in refuses (the kernel's words).
        case cannotCreate(parent: String, reason: String)
        /// A file (or something else) where a folder should be.
        case notAFolder
        case readOnlyFileSystem
        /// Permission, an immutable folder, ...: the kernel's words.
        case notWritable(reason: String)
    }

    public var place: Place
    public var path: String
    public var kind: Kind

    public init(_ place: Place, path: String, _ kind: Kind) {
        self.place = place
        self.path = path
        self.kind = kind
    }

    public var description: String {
        // "root /srv/photos", "state ~/.local/state/hotfolders"; a folder under root by its path.
        let head = switch place {
        case .root: "root \(path)"
        case .state: "state \(path)"
        case .underRoot: path
        }
        switch kind {
        case .missing where place == .root:
            return "\(head) does not exist: is the share mounted, or the path mistyped? "
                + "(set create_root = true in the configuration to have it made)"
        case .missing:
            return "\(head) does not exist"
        case .cannotCreate(let parent, let reason):
            return "\(head) does not exist and cannot be made in \(parent): \(reason)"
        case .notAFolder:
            return "\(head) is not a folder"
        case .readOnlyFileSystem:
            return "\(head) is on a read-only file system"
        case .notWritable(let reason):
            return "\(head) cannot be written to: \(reason)"
        }
    }

    /// The problem with using `url` as a folder hotfolders writes into, or nil when it is usable:
    /// it is a folder (a symlink to one is fine: the user chose it) that can be written (unless
    /// only `reading`), or it is missing, may be made (`mayCreate`) and its nearest existing
    /// parent can be written.
    public static func check(_ url: URL, as place: Place, mayCreate: Bool, reading: Bool = false) -> FolderProblem? {
        let path = url.standardizedFileURL.path
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            guard code == ENOENT else {
                // ENOTDIR: a file where one of its parents should be.
                return FolderProblem(place, path: path, code == ENOTDIR ? .notAFolder : .notWritable(reason: message(code)))
            }
            guard mayCreate else { return FolderProblem(place, path: path, .missing) }
            let parent = nearestExisting(path)
            guard let reason = writeProblem(parent) else { return nil }
            return FolderProblem(place, path: path, .cannotCreate(parent: parent, reason: reason))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { return FolderProblem(place, path: path, .notAFolder) }
        // The inbox only needs to be listed and read; the other folders written too.
        guard access(path, reading ? R_OK | X_OK : W_OK | X_OK) == 0 else {
            let code = errno
            return FolderProblem(place, path: path, code == EROFS ? .readOnlyFileSystem : .notWritable(reason: message(code)))
        }
        return nil
    }

    /// Why `folder` cannot be written to, or nil. `access` is asked rather than a file written:
    /// `check-config` must leave nothing behind, and the kernel answers EROFS for a read-only
    /// mount (also a read-only bind mount) and EPERM for an immutable folder, even to root.
    private static func writeProblem(_ folder: String) -> String? {
        var info = stat()
        guard stat(folder, &info) == 0 else { return message(errno) }
        guard info.st_mode & S_IFMT == S_IFDIR else { return "it is not a folder" }
        guard access(folder, W_OK | X_OK) == 0 else { return message(errno) }
        return nil
    }

    /// `path` if it exists, else the nearest folder above it that does (what a folder still to
    /// be made will live on).
    static func nearestExisting(_ path: String) -> String {
        var current = path
        while current != "/" && !current.isEmpty && !FileManager.default.fileExists(atPath: current) {
            current = (current as NSString).deletingLastPathComponent
        }
        return current.isEmpty ? "/" : current
    }

    private static func message(_ code: Int32) -> String { String(cString: strerror(code)) }
}

extension Configuration {
    /// What stops root, state or the four folders under root from being used, first things
    /// first: nothing under a root that is missing is looked at. Empty when all can be used.
    public func folderProblems() -> [FolderProblem] {
        var problems: [FolderProblem] = []
        if let problem = FolderProblem.check(root, as: .root, mayCreate: createRoot) {
            problems.append(problem)
        } else {
            let layout = self.layout
            // The inbox is only read (albums on a read-only card or share are the pipeline's
            // concern, photo by photo); the other three are written.
            for (name, folder) in [("inbox", layout.inbox), ("outbox", layout.outbox), ("originals", layout.originals),
                                   ("failed", layout.failed)] {
                if let problem = FolderProblem.check(folder, as: .underRoot(name), mayCreate: true, reading: name == "inbox") {
                    problems.append(problem)
                }
            }
        }
        // The state folder is made when missing, as XDG state folders are.
        if let problem = FolderProblem.check(state, as: .state, mayCreate: true) { problems.append(problem) }
        return problems
    }
}
