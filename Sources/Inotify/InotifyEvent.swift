/// One event read from the kernel.
public struct InotifyEvent: Sendable, Equatable {
    /// The watch it came from; -1 for a queue overflow.
    public var wd: Int32
    public var mask: EventMask
    /// Pairs the IN_MOVED_FROM and IN_MOVED_TO halves of one rename; 0 otherwise.
    public var cookie: UInt32
    /// The entry inside the watched folder the event is about; empty when the event is about
    /// the watched folder itself (IN_DELETE_SELF, IN_IGNORED) and for an overflow.
    public var name: String
    /// False when the kernel's name is not valid UTF-8: `name` is then its display form
    /// (`caf\xE9.jpg`), which names no file.
    public var nameIsText = true
    /// The watched folder as it was given to `watch` (no trailing slash), from
    /// `inotifytools_filename_from_wd`; nil for an overflow and for a watch already removed.
    public var folder: String?

    public init(wd: Int32, mask: EventMask, cookie: UInt32 = 0, name: String, folder: String?) {
        self.wd = wd
        self.mask = mask
        self.cookie = cookie
        self.name = name
        self.folder = folder
    }

    /// The folder joined with the name: the path of what the event is about.
    public var path: String? {
        guard let folder else { return nil }
        return name.isEmpty ? folder : folder + "/" + name
    }
}
