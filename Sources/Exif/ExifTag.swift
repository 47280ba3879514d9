import CExif

/// One of the five image file directories an EXIF block holds. The same tag number means
/// different things in different IFDs (0x0001 is InteroperabilityIndex in one, GPSLatitudeRef
/// in the GPS IFD), so a value is always asked for by tag and IFD.
public enum ExifIFD: Sendable, CaseIterable, CustomStringConvertible {
    /// IFD0: the main image (Make, Model, Orientation, DateTime, Artist, Copyright).
    case zero
    /// IFD1: the thumbnail.
    case one
    /// The EXIF sub-IFD (DateTimeOriginal, exposure, lens).
    case exif
    case gps
    case interoperability

    var value: ExifIfd {
        switch self {
        case .zero: EXIF_IFD_0
        case .one: EXIF_IFD_1
        case .exif: EXIF_IFD_EXIF
        case .gps: EXIF_IFD_GPS
        case .interoperability: EXIF_IFD_INTEROPERABILITY
        }
    }

    /// libexif's name ("0", "EXIF", "GPS").
    public var description: String { String(cString: exif_ifd_get_name(value)) }
}

/// A tag number. The common ones are named here; any other is `ExifTag(rawValue:)`.
public struct ExifTag: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    // IFD0
    public static let imageDescription = ExifTag(rawValue: 0x010E)
    public static let make = ExifTag(rawValue: 0x010F)
    public static let model = ExifTag(rawValue: 0x0110)
    public static let orientation = ExifTag(rawValue: 0x0112)
    public static let software = ExifTag(rawValue: 0x0131)
    public static let dateTime = ExifTag(rawValue: 0x0132)
    public static let artist = ExifTag(rawValue: 0x013B)
    public static let copyright = ExifTag(rawValue: 0x8298)
    // EXIF sub-IFD
    public static let exposureTime = ExifTag(rawValue: 0x829A)
    public static let fNumber = ExifTag(rawValue: 0x829D)
    public static let isoSpeedRatings = ExifTag(rawValue: 0x8827)
    public static let dateTimeOriginal = ExifTag(rawValue: 0x9003)
    public static let dateTimeDigitized = ExifTag(rawValue: 0x9004)
    public static let offsetTime = ExifTag(rawValue: 0x9010)
    public static let offsetTimeOriginal = ExifTag(rawValue: 0x9011)
    public static let offsetTimeDigitized = ExifTag(rawValue: 0x9012)
    public static let focalLength = ExifTag(rawValue: 0x920A)
    public static let subSecTimeOriginal = ExifTag(rawValue: 0x9291)
    public static let subSecTimeDigitized = ExifTag(rawValue: 0x9292)
    public static let bodySerialNumber = ExifTag(rawValue: 0xA431)
    public static let lensMake = ExifTag(rawValue: 0xA433)
    public static let lensModel = ExifTag(rawValue: 0xA434)
    // GPS IFD
    public static let gpsVersionID = ExifTag(rawValue: 0x0000)
    public static let gpsLatitudeRef = ExifTag(rawValue: 0x0001)
    public static let gpsLatitude = ExifTag(rawValue: 0x0002)
    public static let gpsLongitudeRef = ExifTag(rawValue: 0x0003)
    public static let gpsLongitude = ExifTag(rawValue: 0x0004)
    public static let gpsAltitudeRef = ExifTag(rawValue: 0x0005)
    public static let gpsAltitude = ExifTag(rawValue: 0x0006)
    public static let gpsTimeStamp = ExifTag(rawValue: 0x0007)
    public static let gpsDateStamp = ExifTag(rawValue: 0x001D)

    /// libexif's name for the tag in that IFD ("DateTimeOriginal", "GPSLatitude"), or the number.
    public func name(in ifd: ExifIFD) -> String {
        guard let name = exif_tag_get_name_in_ifd(CExif.ExifTag(rawValue: UInt32(rawValue)), ifd.value) else {
            let hex = String(rawValue, radix: 16, uppercase: true)
            return "0x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return String(cString: name)
    }
}
