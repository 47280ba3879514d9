import Foundation
import Glibc
import GRDB

/// Recognises "out of room" whichever layer reports it: a system call (the outbox, originals,
/// the event log), SQLite (the catalog on a full state disk says SQLITE_FULL, never ENOSPC), or
/// Foundation (a `CocoaError` wrapping the POSIX code). A full disk is the machine's fault, not
/// the photo's: the photo waits in the inbox and is tried again once there is room.
enum DiskFull {
    static func explains(_ error: Error) -> Bool {
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
