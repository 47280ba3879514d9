import Glibc

/// Reads the fields of an entry `readdir` returned, in place. Here because the tree walk of
/// this module needs it; the app's folder scans use it too.
///
/// glibc's `struct dirent` ends in `char d_name[256]`, but `readdir` hands out records only as
/// long as their name, packed in its buffer. Swift imports `d_name` as a 256-byte tuple, so
/// `withUnsafePointer(to: entry.pointee.d_name)` copies 256 bytes: past the record, and past the
/// buffer for the folder's last entries. At the end of a mapped page that crashed the agent
/// (rescanning a folder of 16,000 files after lost events).
public enum DirectoryEntry {
    /// The entry's name, byte for byte (it may not be valid UTF-8).
    public static func fileName(_ entry: UnsafeMutablePointer<dirent>) -> FileName {
        let offset = MemoryLayout<dirent>.offset(of: \.d_name)!
        return FileName(cString: UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self))
    }

    /// `DT_DIR`, `DT_REG`, `DT_LNK`, ... or `DT_UNKNOWN` where the file system does not say.
    public static func type(_ entry: UnsafeMutablePointer<dirent>) -> Int32 {
        let offset = MemoryLayout<dirent>.offset(of: \.d_type)!
        return Int32(UnsafeRawPointer(entry).load(fromByteOffset: offset, as: UInt8.self))
    }
}
