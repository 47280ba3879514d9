import CInotifyTools
import Glibc

/// Facts about inotify on this machine that need no instance.
public enum Inotify {
    /// The `statfs` magic number of the file system holding `path` (0x6969 for NFS, ...), or nil
    /// when it cannot be examined. inotify reports only changes made through this kernel: on a
    /// network file system, writes made by the server or another client raise no event.
    public static func fileSystemMagic(of path: String) -> UInt32? {
        let magic = hf_inotify_file_system_magic(path)
        return magic < 0 ? nil : UInt32(truncatingIfNeeded: magic)
    }

    /// `fs.inotify.max_user_watches`, or nil when /proc cannot be read.
    public static var maxUserWatches: Int? {
        let value = inotifytools_get_max_user_watches()
        return value < 0 ? nil : Int(value)
    }
}
