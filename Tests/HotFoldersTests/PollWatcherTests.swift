import Foundation
import Glibc
import Testing
@testable import HotFolders

@Suite struct PollWatcherTests {
    @Test func theFirstPollReportsEveryFileAndTheNextOnlyWhatChanged() throws {
        let dir = TemporaryDirectory("poll")
        let album = dir.folder("Album")
        dir.folder("Album", "day 1")
        try writeFile(dir.path("Album", "a.jpg"))
        try writeFile(dir.path("Album", "day 1", "b.jpg"))
        let poller = PollWatcher()

        #expect(Set(paths(poller.poll(album))) == [dir.path("Album", "a.jpg").path, dir.path("Album", "day 1", "b.jpg").path])
        #expect(poller.poll(album).isEmpty)
        #expect(poller.folderCount == 1)

        try writeFile(dir.path("Album", "day 1", "new.jpg"))
        #expect(paths(poller.poll(album)) == [dir.path("Album", "day 1", "new.jpg").path])
        #expect(poller.poll(album).isEmpty)
    }

    @Test func aGrowingFileIsReportedAtEveryPollItGrew() throws {
        let dir = TemporaryDirectory("poll")
        let album = dir.folder("Album")
        let file = dir.path("Album", "big.jpg")
        let fd = open(file.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        defer { close(fd) }
        let chunk = [UInt8](repeating: 1, count: 1000)
        let poller = PollWatcher()

        #expect(write(fd, chunk, chunk.count) == chunk.count)
        #expect(paths(poller.poll(album)) == [file.path])
        #expect(write(fd, chunk, chunk.count) == chunk.count)
        #expect(paths(poller.poll(album)) == [file.path])
        #expect(poller.poll(album).isEmpty)
    }

    @Test func aFileTouchedWithoutGrowingIsReportedAgain() throws {
        let dir = TemporaryDirectory("poll")
        let album = dir.folder("Album")
        let file = dir.path("Album", "a.jpg")
        try writeFile(file)
        let poller = PollWatcher()
        _ = poller.poll(album)

        var times = [timespec(tv_sec: 1_700_000_000, tv_nsec: 0), timespec(tv_sec: 1_700_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, file.path, &times, 0) == 0)
        #expect(paths(poller.poll(album)) == [file.path])
    }

    @Test func aVanishedFileIsForgottenSoItsReturnIsNew() throws {
        let dir = TemporaryDirectory("poll")
        let album = dir.folder("Album")
        let file = dir.path("Album", "a.jpg")
        try writeFile(file)
        let poller = PollWatcher()
        _ = poller.poll(album)

        #expect(unlink(file.path) == 0)
        #expect(poller.poll(album).isEmpty)
        try writeFile(file)
        var times = [timespec(tv_sec: 1_600_000_000, tv_nsec: 0), timespec(tv_sec: 1_600_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, file.path, &times, 0) == 0)
        #expect(paths(poller.poll(album)) == [file.path])
    }

    @Test func symlinksAndIgnoredNamesAreNeverReported() throws {
        let dir = TemporaryDirectory("poll")
        let album = dir.folder("Album")
        let outside = dir.folder("outside")
        try writeFile(outside.appendingPathComponent("secret.jpg"))
        try FileManager.default.createSymbolicLink(at: dir.path("Album", "linked.jpg"), withDestinationURL: outside.appendingPathComponent("secret.jpg"))
        try FileManager.default.createSymbolicLink(at: dir.path("Album", "linked folder"), withDestinationURL: outside)
        try writeFile(dir.path("Album", "copy.jpg.part"))
        dir.folder("Album", "@eaDir")
        try writeFile(dir.path("Album", "@eaDir", "thumb.jpg"))
        try writeFile(dir.path("Album", "real.jpg"))

        #expect(paths(PollWatcher().poll(album)) == [dir.path("Album", "real.jpg").path])
    }

    @Test func forgettingAFolderStartsItAfresh() throws {
        let dir = TemporaryDirectory("poll")
        let album = dir.folder("Album")
        try writeFile(dir.path("Album", "a.jpg"))
        let poller = PollWatcher()
        _ = poller.poll(album)
        poller.forget(album)
        #expect(poller.folderCount == 0)
        #expect(paths(poller.poll(album)) == [dir.path("Album", "a.jpg").path])
        #expect(poller.poll(dir.path("missing")).isEmpty)
    }

    private func paths(_ events: [FileEvent]) -> [String] {
        events.map { event in
            guard case .file(let url) = event else { return "not a file: \(event)" }
            return url.path
        }
    }
}

@Suite struct FileSystemKindTests {
    @Test func theTemporaryFolderIsLocal() {
        let dir = TemporaryDirectory("fskind")
        let kind = FileSystemKind.of(dir.url)
        #expect(!kind.isNetwork)
        guard case .local(let name) = kind else { return }
        #expect(name != nil)
    }

    @Test(arguments: [
        (UInt32(0x6969), "nfs"), (0x517B, "smb"), (0xFF53_4D42, "cifs"), (0xFE53_4D42, "smb2"),
        (0x6573_5546, "fuse"), (0x7375_7245, "coda"), (0x5346_414F, "afs"), (0x00C3_6400, "ceph"),
        (0x0102_1997, "9p"),
    ])
    func networkFileSystemsAreKnownByTheirMagicNumber(magic: UInt32, name: String) {
        #expect(FileSystemKind.kind(magic: magic, mountType: nil) == .network(name))
    }

    @Test func theMountTypeNamesTheFileSystemWhenKnown() {
        #expect(FileSystemKind.kind(magic: 0x6573_5546, mountType: "fuse.sshfs") == .network("fuse.sshfs"))
        #expect(FileSystemKind.kind(magic: 0x6573_5546, mountType: "fuse.glusterfs") == .network("fuse.glusterfs"))
        #expect(FileSystemKind.kind(magic: 0x6969, mountType: "nfs4") == .network("nfs4"))
        // FUSE over a local disk (ntfs-3g) sees every write through this kernel.
        #expect(FileSystemKind.kind(magic: 0x6573_5546, mountType: "fuseblk") == .local("fuseblk"))
    }

    @Test func localFileSystemsAreLocal() {
        #expect(FileSystemKind.kind(magic: 0xEF53, mountType: nil) == .local("ext4"))
        #expect(FileSystemKind.kind(magic: 0x0102_1994, mountType: "tmpfs") == .local("tmpfs"))
        #expect(FileSystemKind.kind(magic: 0x1234_5678, mountType: nil) == .local(nil))
        #expect(!FileSystemKind.local(nil).isNetwork)
        #expect(FileSystemKind.network("cifs").isNetwork)
        #expect(FileSystemKind.network("cifs").description == "cifs")
    }

    @Test func theMountTypeIsFoundByDevice() throws {
        let dir = TemporaryDirectory("fskind")
        let mountinfo = dir.path("mountinfo")
        try """
        22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
        40 22 0:52 / /mnt/photos rw,nosuid,nodev,relatime shared:20 - fuse.sshfs me@nas:/photos rw,user_id=0
        41 22 0:53 / /mnt/nas rw,relatime shared:21 - nfs4 nas:/export rw,vers=4.2
        """.write(to: mountinfo, atomically: false, encoding: .utf8)
        let device = UInt64(52) // major 0, minor 52 (an anonymous device, as FUSE mounts get)
        #expect(FileSystemKind.mountType(device: device, mountinfo: mountinfo.path) == "fuse.sshfs")
        #expect(FileSystemKind.mountType(device: (254 << 8) | 0, mountinfo: mountinfo.path) == "ext4")
        #expect(FileSystemKind.mountType(device: 99, mountinfo: mountinfo.path) == nil)
    }
}
