import Foundation
import Glibc
import Testing
@testable import HotFolders
import Inotify

/// `readdir` records are only as long as their name; reading one must not touch a byte past it.
@Suite struct DirectoryEntryTests {
    /// A record laid at the very end of a page, with a page nothing may read after it: what
    /// `readdir` can hand out for a folder's last entry. Copying the 256-byte `d_name` (the old
    /// code) crashed here, as it crashed the agent rescanning a folder of 16,000 files.
    @Test func anEntryAtTheEndOfReadableMemoryIsReadInPlace() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let memory = try #require(mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        #expect(memory != MAP_FAILED)
        defer { munmap(memory, 2 * page) }
        #expect(mprotect(memory + page, page, PROT_NONE) == 0)

        let nameOffset = MemoryLayout<dirent>.offset(of: \.d_name)!
        let name = Array("IMG_0001.jpg".utf8CString)
        // Records are 8-byte aligned: this one ends exactly where the readable page does.
        let length = (nameOffset + name.count + 7) / 8 * 8
        let record = memory + page - length
        let entry = record.bindMemory(to: dirent.self, capacity: 1)
        record.storeBytes(of: UInt16(length), toByteOffset: MemoryLayout<dirent>.offset(of: \.d_reclen)!, as: UInt16.self)
        record.storeBytes(of: UInt8(DT_REG), toByteOffset: MemoryLayout<dirent>.offset(of: \.d_type)!, as: UInt8.self)
        name.withUnsafeBytes { (record + nameOffset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }

        #expect(DirectoryEntry.fileName(entry).string == "IMG_0001.jpg")
        #expect(DirectoryEntry.type(entry) == Int32(DT_REG))
    }

    /// A folder of many files is listed whole (the scan after lost events walks such folders).
    @Test func aFolderOfTwentyThousandFilesIsWalkedWhole() throws {
        let dir = TemporaryDirectory("walk-many")
        let folder = dir.folder("inbox", "Album")
        for n in 0..<20_000 {
            let fd = open(folder.appendingPathComponent("f\(n).jpg").path, O_CREAT | O_WRONLY, 0o644)
            if fd >= 0 { close(fd) }
        }
        let files = FolderWalk(dir.path("inbox")).filter { if case .file = $0 { true } else { false } }
        #expect(files.count == 20_000)
    }
}
