import Foundation
import Glibc
import Inotify

/// Whether inotify can be trusted for a folder: on a network file system (NFS, SMB/CIFS, FUSE
/// mounts such as sshfs or rclone, ...) a file written by the server or another client raises
/// no event on this machine, so such albums are polled.
public enum FileSystemKind: Sendable, Equatable, CustomStringConvertible {
    /// A local file system, by its type name ("ext4", "tmpfs") when known.
    case local(String?)
    /// A network or user-space file system, by its type name ("nfs4", "cifs", "fuse.sshfs").
    case network(String)

    public var isNetwork: Bool {
        if case .network = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .local(let name): return name ?? "local"
        case .network(let name): return name
        }
    }

    /// `statfs` on `url`; the type name comes from /proc/self/mountinfo when it lists the mount.
    /// A folder that cannot be examined counts as local (inotify will then say what it can).
    public static func of(_ url: URL) -> FileSystemKind {
        guard let magic = Inotify.fileSystemMagic(of: url.path) else { return .local(nil) }
        var status = stat()
        let mountType = stat(url.path, &status) == 0 ? Self.mountType(device: UInt64(status.st_dev)) : nil
        return kind(magic: magic, mountType: mountType)
    }

    /// The `f_type` magic numbers (linux/magic.h and the file systems' own sources) of file
    /// systems whose changes can come from elsewhere.
    static let networkMagic: [UInt32: String] = [
        0x6969: "nfs",
        0x517B: "smb",
        0xFF53_4D42: "cifs",
        0xFE53_4D42: "smb2",
        0x6573_5546: "fuse", // sshfs, rclone, s3fs, glusterfs, virtiofs, ...
        0x7375_7245: "coda",
        0x5346_414F: "afs",
        0x6B41_4653: "kafs",
        0x00C3_6400: "ceph",
        0x0102_1997: "9p",
        0x0BD0_0BD0: "lustre",
        0x4750_4653: "gpfs",
        0x0116_1970: "gfs2",
        0x786F_4256: "vboxsf",
    ]

    static let localMagic: [UInt32: String] = [
        0xEF53: "ext4",
        0x0102_1994: "tmpfs",
        0x9123_683E: "btrfs",
        0x5846_5342: "xfs",
        0x2FC1_2FC1: "zfs",
        0x794C_7630: "overlay",
        0xF2F5_2010: "f2fs",
        0x4D44: "vfat",
        0x2011_BAB0: "exfat",
        0x7366_746E: "ntfs3",
        0x8584_58F6: "ramfs",
    ]

    /// Classifies a `statfs` magic number, preferring the mount's own type name.
    static func kind(magic: UInt32, mountType: String?) -> FileSystemKind {
        guard let name = networkMagic[magic] else {
            return .local(mountType ?? localMagic[magic])
        }
        // fuseblk is FUSE over a local disk (ntfs-3g, exfat-fuse): every write passes through
        // this kernel, so inotify sees it.
        if mountType == "fuseblk" { return .local("fuseblk") }
        return .network(mountType ?? name)
    }

    /// The type of the mount whose device is `device`, e.g. "nfs4" or "fuse.sshfs".
    static func mountType(device: UInt64, mountinfo path: String = "/proc/self/mountinfo") -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        // glibc's dev_t encoding (major()/minor() are macros Swift cannot call).
        let major = ((device >> 8) & 0xFFF) | ((device >> 32) & ~UInt64(0xFFF))
        let minor = (device & 0xFF) | ((device >> 12) & ~UInt64(0xFF))
        let wanted = "\(major):\(minor)"
        for line in text.split(separator: "\n") {
            // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue"
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 3, fields[2] == wanted,
                  let dash = fields.firstIndex(of: "-"), dash + 1 < fields.count
            else { continue }
            return String(fields[dash + 1])
        }
        return nil
    }
}
