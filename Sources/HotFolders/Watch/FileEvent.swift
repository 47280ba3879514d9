import Foundation

/// Something the watchers saw happen under `inbox/`. Events flow one way: watchers -> settle
/// -> job queue -> pipeline.
public enum FileEvent: Sendable, Equatable {
    /// A file was closed after writing, or moved in: it may be a photo that has arrived.
    case file(URL)
    /// A folder appeared (created or moved in). It is already being watched when this is sent;
    /// files may have landed in it before the watch existed, so it must be scanned.
    case folder(URL)
    /// A folder was deleted or moved away: forget what was pending in it.
    case folderGone(URL)
    /// The kernel dropped events (IN_Q_OVERFLOW): only a full rescan can tell what arrived.
    case overflow
    /// A file or folder arrived whose name is not valid UTF-8: the URL holds its display form
    /// (`caf\xE9.jpg`) and names no file. It is refused with a reason, never read.
    case notUTF8(URL, isFolder: Bool)
    /// A folder could not be watched (the watch limit, say): it must be polled instead.
    case unwatchable(URL, reason: String)
    /// A folder reported `.unwatchable` earlier is watched now (watches were freed): it may go
    /// back from polling to events.
    case watchable(URL)
}
