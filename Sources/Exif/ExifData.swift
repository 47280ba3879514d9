import CExif
import Glibc

/// A parsed EXIF block, owned: libexif's `ExifData`, freed in `deinit`. Immutable once made,
/// so it may be read from any thread. Values are asked for by tag and IFD; every problem
/// libexif met while parsing is kept in its own words in `problems`.
public final class ExifData: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<CExif.ExifData>
    /// What libexif found wrong while reading (corrupt entries it skipped, a bad offset), even
    /// when it could read the rest. Empty for a clean block.
    public let problems: [String]

    /// The EXIF block of the JPEG file at `path`: libexif's loader walks the JPEG markers to the
    /// first APP1 segment that holds EXIF (passing over XMP ones) and stops reading there.
    public convenience init(jpegFile path: String) throws(ExifError) {
        let block = try Self.jpegBlock(path: path)
        guard !block.isEmpty else { throw .notFound }
        try self.init(block: block)
    }

    /// The tags of a TIFF file, which is laid out as an EXIF block is (IFD0, the EXIF and GPS
    /// sub-IFDs): libvips does not hand TIFF tags over as EXIF, so the file itself is parsed.
    /// At most `limit` bytes are read; tags stored past them are reported missing.
    public convenience init(tiffFile path: String, limit: Int = 64 << 20) throws(ExifError) {
        let bytes = try Self.head(path: path, limit: limit)
        let little = bytes.starts(with: [0x49, 0x49, 0x2A, 0x00])
        guard bytes.count > 8, little || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) else { throw .notFound }
        // libexif reads at most 64 KiB of a block (a JPEG segment's limit); many TIFF writers
        // put the first directory after the pixels, out of its reach.
        let first = bytes[4..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        let ifd0 = little ? first : bytes[4..<8].reduce(0) { $0 << 8 | Int($1) }
        guard ifd0 < 0xFFF0 else {
            throw .unsupported("the TIFF's tags start \(ifd0 / 1024) KiB into the file, past the 64 KiB libexif reads")
        }
        try self.init(block: bytes)
    }

    /// Parses an EXIF block as a container holds it: `Exif\0\0` and a TIFF header (JPEG, and
    /// libvips's `exif-data`), a bare TIFF header (PNG's eXIf, WebP's EXIF chunk), or HEIF's
    /// form with a 4-byte offset before the TIFF header.
    public init(block: [UInt8]) throws(ExifError) {
        let normalised = Self.normalise(block)
        guard normalised.count > 14 else { throw block.isEmpty ? .notFound : .corrupt("the block is too short") }
        guard let data = exif_data_new() else { throw .corrupt("out of memory") }
        // Read what is stored, as stored: libexif would otherwise drop tags it does not know
        // for an IFD and add "mandatory" ones with made-up defaults.
        exif_data_unset_option(data, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS)
        exif_data_unset_option(data, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION)
        let messages = UnsafeMutablePointer<hf_exif_messages>.allocate(capacity: 1)
        messages.initialize(to: hf_exif_messages())
        defer { messages.deallocate() }
        if let log = hf_exif_log_new(messages) {
            exif_data_log(data, log)
            exif_log_unref(log)  // the data keeps its own reference
        }
        normalised.withUnsafeBufferPointer { exif_data_load_data(data, $0.baseAddress, UInt32($0.count)) }
        let text = withUnsafeBytes(of: messages.pointee.text) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        pointer = data
        problems = text.split(separator: "\n").map(String.init)
        if ExifIFD.allCases.allSatisfy({ hf_exif_entry_count(data, $0.value) == 0 }) {
            throw .corrupt(problems.isEmpty ? "no entries could be read" : problems.joined(separator: "; "))
        }
    }

    deinit { exif_data_unref(pointer) }

    /// The value stored for `tag` in `ifd`, if any.
    public func entry(_ tag: ExifTag, in ifd: ExifIFD) -> ExifEntry? {
        guard let entry = hf_exif_entry(pointer, ifd.value, CExif.ExifTag(rawValue: UInt32(tag.rawValue))) else { return nil }
        return ExifEntry(entry, ifd: ifd, order: exif_data_get_byte_order(pointer))
    }

    /// Every value stored in `ifd`, in file order.
    public func entries(in ifd: ExifIFD) -> [ExifEntry] {
        let order = exif_data_get_byte_order(pointer)
        return (0..<hf_exif_entry_count(pointer, ifd.value)).compactMap { index in
            hf_exif_entry_at(pointer, ifd.value, index).map { ExifEntry($0, ifd: ifd, order: order) }
        }
    }

    /// Whether `ifd` is present with at least one entry (a GPS IFD can be present and empty).
    public func hasEntries(in ifd: ExifIFD) -> Bool { hf_exif_entry_count(pointer, ifd.value) > 0 }

    /// libexif's own rendering of a value ("1/200 sec.", "f/2.8", "Top-left").
    public func displayValue(_ tag: ExifTag, in ifd: ExifIFD) -> String? {
        guard let entry = hf_exif_entry(pointer, ifd.value, CExif.ExifTag(rawValue: UInt32(tag.rawValue))) else { return nil }
        var buffer = [CChar](repeating: 0, count: 256)
        guard let text = exif_entry_get_value(entry, &buffer, UInt32(buffer.count)) else { return nil }
        return String(cString: text).trimmingSpaces
    }

    // MARK: Reading

    static let header: [UInt8] = Array("Exif".utf8) + [0, 0]

    /// The block with an `Exif\0\0` header in front of its TIFF header, which is the form
    /// `exif_data_load_data` reads.
    static func normalise(_ block: [UInt8]) -> [UInt8] {
        func isTIFF(_ bytes: ArraySlice<UInt8>) -> Bool {
            bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A])
        }
        if block.starts(with: header) { return block }
        if isTIFF(block[...]) { return header + block }
        // HEIF: a big-endian offset to the TIFF header (usually 6, skipping "Exif\0\0").
        if block.count > 8 {
            let offset = Int(block[0]) << 24 | Int(block[1]) << 16 | Int(block[2]) << 8 | Int(block[3])
            let start = 4 + offset
            if offset < 64, start < block.count, isTIFF(block[start...]) { return header + block[start...] }
        }
        // Anything else (JPEG markers before APP1, say): libexif searches it itself.
        return block
    }

    /// The first `limit` bytes of a file.
    static func head(path: String, limit: Int) throws(ExifError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, min($0.count, limit - bytes.count)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }

    /// The EXIF APP1 payload of a JPEG file, read through libexif's loader a chunk at a time
    /// until it has what it needs. Empty when the file has none.
    static func jpegBlock(path: String) throws(ExifError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
        defer { close(fd) }
        guard let loader = exif_loader_new() else { throw .corrupt("out of memory") }
        defer { exif_loader_unref(loader) }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if count == 0 { break }
            let wantsMore = chunk.withUnsafeMutableBufferPointer { exif_loader_write(loader, $0.baseAddress, UInt32(count)) }
            if wantsMore == 0 { break }
        }
        var buffer: UnsafePointer<UInt8>?
        var size: UInt32 = 0
        exif_loader_get_buf(loader, &buffer, &size)
        guard let buffer, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(size)))
    }
}
