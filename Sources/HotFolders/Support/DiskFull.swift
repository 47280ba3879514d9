import Foundation
import Glibc
import GRDB

/// Recognises "out of room" whichever layer reports it: a system call (the outbox, originals,
/// the event log), SQLite (the catalog on a full state disk says SQLITE_FULL, never ENOSPC), or
/// Foundation (a `CocoaError` wrapping the POSIX code). A full disk is the machine's fault, not
/// the photo's: the photo waits in the inbox and is tried again once there is room.
public enum DiskFull {
    /// Less than a megabyte left for us where `folder` is (or would be made): what to believe
    /// when a layer words a full disk otherwise (SQLite's "disk I/O error", a wrapped message).
    public static func isFull(at folder: URL) -> Bool {
        freeBytes(at: folder).map { $0 < 1 << 20 } ?? false
    }

    /// The bytes free for us where `folder` is (or would be made), nil if it cannot be asked.
    public static func freeBytes(at folder: URL) -> UInt64? {
        var info = statvfs()
        guard statvfs(FolderProblem.nearestExisting(folder.path), &info) == 0 else { return nil }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }

    public static func explains(_ error: Error) -> Bool {
        switch error {
        case let error as SystemError:
            return error.isDiskFull
        case let error as DatabaseError:
            return error.resultCode == .SQLITE_FULL
        case let error as POSIXError:
            return error.code == .ENOSPC || error.code == .EDQUOT
        case let error as CocoaError where error.code == .fileWriteOutOfSpace:
            return true
        default:
            let error = error as NSError
            if error.domain == NSPOSIXErrorDomain { return error.code == Int(ENOSPC) || error.code == Int(EDQUOT) }
            if let underlying = error.userInfo[NSUnderlyingErrorKey] as? Error { return explains(underlying) }
            return false
        }
    }
}
