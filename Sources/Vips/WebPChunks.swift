/// The metadata chunks of a WebP file, removed after encoding: libvips 8.14.1's webpsave
/// ignores `strip` and writes the image's EXIF (GPS included), XMP and ICC profile anyway,
/// and always an EXIF block of its own making (size, resolution, orientation) even when the
/// image has none.
///
/// Layout (https://developers.google.com/speed/webp/docs/riff_container): `RIFF`, the size of
/// what follows, `WEBP`, then chunks of a four-letter name, a little-endian size and the
/// payload padded to an even length. A file with metadata starts with `VP8X`, whose first
/// payload byte flags the ICC (0x20), EXIF (0x08) and XMP (0x04) chunks that follow.
enum WebPChunks {
    static let metadata: Set<String> = ["EXIF", "XMP ", "ICCP"]

    /// `bytes` without its EXIF, XMP and ICC chunks, flags and sizes fixed; unchanged when
    /// they are not a WebP file laid out as the format says.
    static func removingMetadata(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 20, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WEBP".utf8)
        else { return bytes }
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var removed = false
        var offset = 12
        while offset < bytes.count {
            guard offset + 8 <= bytes.count else { return bytes }
            let name = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = bytes[offset + 4..<offset + 8].reversed().reduce(0) { $0 << 8 | Int($1) }
            let end = offset + 8 + size + (size & 1)
            guard end <= bytes.count || (end == bytes.count + 1 && size & 1 == 1) else { return bytes }
            if Self.metadata.contains(name) {
                removed = true
            } else {
                kept += bytes[offset..<min(end, bytes.count)]
            }
            offset = end
        }
        guard removed else { return bytes }
        if kept.count >= 9, kept[0..<4].elementsEqual("VP8X".utf8) {
            kept[8] &= ~(0x20 | 0x08 | 0x04)
        }
        let riffSize = UInt32(4 + kept.count)
        let header = Array("RIFF".utf8) + (0..<4).map { UInt8(truncatingIfNeeded: riffSize >> ($0 * 8)) } + Array("WEBP".utf8)
        return header + kept
    }
}
