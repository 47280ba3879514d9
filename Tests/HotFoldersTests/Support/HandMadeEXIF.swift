import Foundation

/// An EXIF block written byte by byte (little-endian TIFF: IFD0, optionally a GPS IFD), spliced
/// into a JPEG as its APP1 segment: tags with exactly the bytes a test wants (UTF-8 text, a
/// Copyright with an editor part after its NUL) that no library would write as such.
enum HandMadeEXIF {
    enum Value {
        case ascii([UInt8])
        case bytes([UInt8])
        case rationals([(UInt32, UInt32)])

        var type: UInt16 {
            switch self {
            case .ascii: 2
            case .bytes: 1
            case .rationals: 5
            }
        }

        var count: UInt32 {
            switch self {
            case .ascii(let bytes), .bytes(let bytes): UInt32(bytes.count)
            case .rationals(let values): UInt32(values.count)
            }
        }

        var data: [UInt8] {
            switch self {
            case .ascii(let bytes), .bytes(let bytes): bytes
            case .rationals(let values): values.flatMap { le32($0.0) + le32($0.1) }
            }
        }
    }

    /// A TIFF block: `ifd0` entries and, when `gps` is not empty, a GPS IFD it points to.
    static func block(ifd0: [(UInt16, Value)], gps: [(UInt16, Value)] = []) -> [UInt8] {
        var ifd0 = ifd0
        let gpsPointer: UInt16 = 0x8825
        if !gps.isEmpty { ifd0.append((gpsPointer, .bytes([]))) }  // placeholder, patched below
        ifd0.sort { $0.0 < $1.0 }
        let ifd0Size = 2 + 12 * ifd0.count + 4
        let gpsSize = gps.isEmpty ? 0 : 2 + 12 * gps.count + 4
        let gpsOffset = 8 + ifd0Size
        var data: [UInt8] = []
        let dataStart = 8 + ifd0Size + gpsSize

        func directory(_ entries: [(UInt16, Value)]) -> [UInt8] {
            var out = le16(UInt16(entries.count))
            for (tag, value) in entries {
                if tag == gpsPointer && !gps.isEmpty {
                    out += le16(tag) + le16(4) + le32(1) + le32(UInt32(gpsOffset))
                    continue
                }
                out += le16(tag) + le16(value.type) + le32(value.count)
                var bytes = value.data
                if bytes.count <= 4 {
                    bytes += [UInt8](repeating: 0, count: 4 - bytes.count)
                    out += bytes
                } else {
                    out += le32(UInt32(dataStart + data.count))
                    data += bytes
                    if data.count % 2 == 1 { data.append(0) }
                }
            }
            return out + le32(0)
        }

        let first = directory(ifd0)
        let second = gps.isEmpty ? [] : directory(gps.sorted { $0.0 < $1.0 })
        return Array("II".utf8) + le16(42) + le32(8) + first + second + data
    }

    /// `jpeg` (a file without EXIF) with `block` as its APP1 segment, right after SOI.
    static func jpeg(_ jpeg: [UInt8], with block: [UInt8]) -> [UInt8] {
        let payload = Array("Exif".utf8) + [0, 0] + block
        let length = UInt16(payload.count + 2)
        return Array(jpeg[0..<2]) + [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload + Array(jpeg[2...])
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
}
