import Foundation
import Glibc
import Synchronization
import Vips

/// The watermark logos a pipeline has decoded, so a logo is read once rather than for every
/// photo: kept by path with the file's size and modification time, so a logo replaced while the
/// agent runs is read again. Logos are small; an album has one.
final class WatermarkLogos: Sendable {
    private struct Entry: @unchecked Sendable {
        var size: Int
        var modified: timespec
        var image: VipsImage
    }
    private let entries = Mutex<[String: Entry]>([:])

    init() {}

    /// The logo at `url` as 8-bit sRGB (alpha kept), decoded into memory.
    func logo(at url: URL) throws -> VipsImage {
        var info = stat()
        let found = stat(url.path, &info) == 0
        if found, let entry = entries.withLock({ $0[url.path] }), entry.size == Int(info.st_size),
           entry.modified.tv_sec == info.st_mtim.tv_sec, entry.modified.tv_nsec == info.st_mtim.tv_nsec {
            return entry.image
        }
        let image = try VipsImage.open(path: url.path).srgb8().inMemory()
        if found {
            entries.withLock { $0[url.path] = Entry(size: Int(info.st_size), modified: info.st_mtim, image: image) }
        }
        return image
    }
}
