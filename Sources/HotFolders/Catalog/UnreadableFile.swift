import Foundation
import Glibc
import GRDB

/// A file in an album that the agent has no permission to read (mode 000, another owner): it has
/// no content hash, so no photo row, but it is remembered so that it is reported once, not at
/// every pass, and `status` shows it as failed rather than waiting.
public struct UnreadableFile: Sendable, Equatable {
    public var album: String
    /// The path relative to the album folder.
    public var name: String
    /// Why, in plain words, and what to do.
    public var reason: String
    public var detail: String
    /// What the file looked like (size, times, inode) when it was reported: a file that changes
    /// (its mode set right, say) is judged again and, if still unreadable, reported again.
    public var signature: String
    public var seen: Date

    /// The signature of the file at `url` now (lstat needs no read permission), or nil if it is gone.
    public static func signature(of url: URL) -> String? {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return nil }
        return "\(info.st_ino) \(info.st_size) \(info.st_mode) \(info.st_uid) "
            + "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)"
    }
}

extension UnreadableFile: FetchableRecord {
    public init(row: Row) throws {
        album = row["album"]
        name = row["original_name"]
        reason = row["reason"]
        detail = row["detail"]
        signature = row["signature"]
        seen = try Timestamp.required(row, "seen")
    }
}
