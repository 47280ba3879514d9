import Exif
import Foundation
import Vips

/// The metadata a written file carries, read back the way a viewer or a crawler would find it:
/// libvips opens the header (no pixel decoded) and libexif parses the EXIF block. Independent
/// of `MetadataCheck`, so the tests do not check the check with itself.
struct MetadataReadBack {
    var exif: ExifData?
    var hasEXIFBlock: Bool
    /// `xmp-data`, or an AVIF's XMP item, which libvips 8.14 names `heif-mime-<n>`.
    var hasXMP: Bool
    var hasIPTC: Bool
    var hasICC: Bool
    var fields: [String]

    init(_ url: URL) throws {
        try self.init(bytes: [UInt8](Data(contentsOf: url)))
    }

    init(bytes: [UInt8]) throws {
        let (block, names) = try VipsImage.withHeader(of: bytes) { ($0.exifData, $0.fieldNames) }
        hasEXIFBlock = block != nil
        exif = try block.map { try ExifData(block: $0) }
        hasXMP = names.contains("xmp-data") || names.contains { $0.hasPrefix("heif-mime-") }
        hasIPTC = names.contains("iptc-data")
        hasICC = names.contains("icc-profile-data")
        fields = names
    }

    func text(_ tag: ExifTag, in ifd: ExifIFD) -> String? { exif?.entry(tag, in: ifd)?.text }

    var hasGPS: Bool { exif?.hasEntries(in: .gps) == true }

    /// Latitude in degrees (north positive), from GPSLatitude and its reference.
    var latitude: Double? {
        guard let parts = exif?.entry(.gpsLatitude, in: .gps)?.numbers, parts.count == 3 else { return nil }
        let value = parts[0] + parts[1] / 60 + parts[2] / 3600
        return text(.gpsLatitudeRef, in: .gps) == "S" ? -value : value
    }

    /// Orientation as stored, nil when the tag is absent.
    var orientation: Int? { exif?.entry(.orientation, in: .zero)?.integers.first }

    /// Every tag of `ifd` by libexif's name.
    func names(in ifd: ExifIFD) -> [String] { exif?.entries(in: ifd).map(\.name) ?? [] }
}
