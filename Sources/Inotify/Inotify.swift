import CInotifyTools

/// Kernel file events over libinotifytools, for the watcher (issue 3). For now it only
/// exposes the library's initialisation so the module links.
public enum Inotify {
    /// libinotifytools keeps process-global state; the watcher initialises it once.
    public static func initialise() -> Bool { inotifytools_initialize() != 0 }
}
