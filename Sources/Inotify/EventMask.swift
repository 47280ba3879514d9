import CInotifyTools

/// The kernel's inotify event bits (`IN_*`): what to watch for, and what an event says.
public struct EventMask: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let modify = EventMask(rawValue: UInt32(IN_MODIFY))
    public static let closeWrite = EventMask(rawValue: UInt32(IN_CLOSE_WRITE))
    public static let movedFrom = EventMask(rawValue: UInt32(IN_MOVED_FROM))
    public static let movedTo = EventMask(rawValue: UInt32(IN_MOVED_TO))
    public static let create = EventMask(rawValue: UInt32(IN_CREATE))
    public static let delete = EventMask(rawValue: UInt32(IN_DELETE))
    public static let deleteSelf = EventMask(rawValue: UInt32(IN_DELETE_SELF))
    public static let moveSelf = EventMask(rawValue: UInt32(IN_MOVE_SELF))

    /// Only in events: the file system holding the watched folder was unmounted.
    public static let unmount = EventMask(rawValue: UInt32(IN_UNMOUNT))
    /// Only in events (wd -1): the kernel's queue overflowed and events were lost.
    public static let queueOverflow = EventMask(rawValue: UInt32(IN_Q_OVERFLOW))
    /// Only in events: the watch is gone (removed, or its folder deleted); its wd is dead.
    public static let ignored = EventMask(rawValue: UInt32(IN_IGNORED))
    /// Only in events: the entry named is a folder.
    public static let isDirectory = EventMask(rawValue: UInt32(IN_ISDIR))

    /// Only when watching: refuse anything that is not a folder.
    public static let onlyDirectory = EventMask(rawValue: UInt32(IN_ONLYDIR))
    /// Only when watching: do not follow the path if it is a symlink.
    public static let dontFollow = EventMask(rawValue: UInt32(IN_DONT_FOLLOW))

    public var description: String {
        guard let text = inotifytools_event_to_str(Int32(bitPattern: rawValue)) else { return "0x" + String(rawValue, radix: 16) }
        return String(cString: text)
    }
}
