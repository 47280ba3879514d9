import CExif

/// One value of an EXIF block, copied out of libexif: its tag and IFD, how it is stored, and
/// the stored bytes, decoded on request in the block's byte order.
public struct ExifEntry: Sendable, Equatable {
    /// TIFF's storage types.
    public enum Format: Sendable, Equatable {
        case byte, ascii, short, long, rational, signedByte, undefined, signedShort, signedLong
        case signedRational, float, double
        case unknown(UInt32)

        init(_ format: ExifFormat) {
            switch format {
            case EXIF_FORMAT_BYTE: self = .byte
            case EXIF_FORMAT_ASCII: self = .ascii
            case EXIF_FORMAT_SHORT: self = .short
            case EXIF_FORMAT_LONG: self = .long
            case EXIF_FORMAT_RATIONAL: self = .rational
            case EXIF_FORMAT_SBYTE: self = .signedByte
            case EXIF_FORMAT_UNDEFINED: self = .undefined
            case EXIF_FORMAT_SSHORT: self = .signedShort
            case EXIF_FORMAT_SLONG: self = .signedLong
            case EXIF_FORMAT_SRATIONAL: self = .signedRational
            case EXIF_FORMAT_FLOAT: self = .float
            case EXIF_FORMAT_DOUBLE: self = .double
            default: self = .unknown(format.rawValue)
            }
        }
    }

    public var tag: ExifTag
    public var ifd: ExifIFD
    public var format: Format
    /// How many values of `format` are stored.
    public var components: Int
    /// The stored bytes, as in the file.
    public var bytes: [UInt8]
    let bigEndian: Bool

    init(_ entry: UnsafeMutablePointer<CExif.ExifEntry>, ifd: ExifIFD, order: ExifByteOrder) {
        let raw = entry.pointee
        tag = ExifTag(rawValue: UInt16(truncatingIfNeeded: raw.tag.rawValue))
        self.ifd = ifd
        format = Format(raw.format)
        components = Int(raw.components)
        bytes = raw.data.map { Array(UnsafeBufferPointer(start: $0, count: Int(raw.size))) } ?? []
        bigEndian = order == EXIF_BYTE_ORDER_MOTOROLA
    }

    /// The name libexif gives the tag here ("DateTimeOriginal").
    public var name: String { tag.name(in: ifd) }

    /// The text of an ASCII value (UNDEFINED too: some cameras store strings so), up to its
    /// first NUL, with surrounding spaces removed. Invalid UTF-8 is read as Latin-1, which is
    /// what older cameras wrote. nil for numeric formats.
    public var text: String? {
        guard format == .ascii || format == .undefined else { return nil }
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        let stored = Array(bytes[..<end])
        let decoded = String(validating: stored, as: UTF8.self)
            ?? String(decoding: stored.map { UInt16($0) }, as: UTF16.self)
        return decoded.trimmingSpaces
    }

    /// Integer values (BYTE, SHORT, LONG and their signed forms); empty for other formats.
    public var integers: [Int] {
        let width: Int
        switch format {
        case .byte, .signedByte: width = 1
        case .short, .signedShort: width = 2
        case .long, .signedLong: width = 4
        default: return []
        }
        return values(width: width) { pointer in
            switch format {
            case .byte: Int(pointer.pointee)
            case .signedByte: Int(Int8(bitPattern: pointer.pointee))
            case .short: Int(exif_get_short(pointer, byteOrder))
            case .signedShort: Int(exif_get_sshort(pointer, byteOrder))
            case .long: Int(exif_get_long(pointer, byteOrder))
            default: Int(exif_get_slong(pointer, byteOrder))
            }
        }
    }

    /// Rational values (RATIONAL, SRATIONAL); empty for other formats.
    public var rationals: [ExifRational] {
        switch format {
        case .rational:
            return values(width: 8) { pointer in
                let value = exif_get_rational(pointer, byteOrder)
                return ExifRational(numerator: Int64(value.numerator), denominator: Int64(value.denominator))
            }
        case .signedRational:
            return values(width: 8) { pointer in
                let value = exif_get_srational(pointer, byteOrder)
                return ExifRational(numerator: Int64(value.numerator), denominator: Int64(value.denominator))
            }
        default:
            return []
        }
    }

    /// Numbers of any numeric format as doubles (a rational with a zero denominator is left out).
    public var numbers: [Double] {
        if !rationals.isEmpty { return rationals.compactMap(\.value) }
        return integers.map(Double.init)
    }

    private var byteOrder: ExifByteOrder { bigEndian ? EXIF_BYTE_ORDER_MOTOROLA : EXIF_BYTE_ORDER_INTEL }

    /// The stored values of `width` bytes each, as many as both `components` and the bytes allow.
    private func values<T>(width: Int, _ read: (UnsafeMutablePointer<UInt8>) -> T) -> [T] {
        let count = min(components, bytes.count / width)
        guard count > 0 else { return [] }
        var copy = bytes
        return copy.withUnsafeMutableBufferPointer { buffer in
            (0..<count).map { read(buffer.baseAddress! + $0 * width) }
        }
    }
}

/// A TIFF rational: numerator over denominator, kept as stored (1/200 s stays 1/200).
public struct ExifRational: Sendable, Equatable, CustomStringConvertible {
    public var numerator: Int64
    public var denominator: Int64

    public init(numerator: Int64, denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The quotient, or nil for a zero denominator (which cameras write for "unknown").
    public var value: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }

    public var description: String { "\(numerator)/\(denominator)" }
}

extension String {
    /// Without leading and trailing spaces, tabs, newlines and NULs (no Foundation here).
    var trimmingSpaces: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\0" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}
