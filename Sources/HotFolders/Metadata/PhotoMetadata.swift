import Foundation

/// What the metadata rule learnt about a photo, for the rules after it (rename, watermark) and
/// for the catalog: the camera and exposure from EXIF, the GPS position, the place it names,
/// the capture time in local time and UTC, and the zodiac sign of the local date. A value the
/// photo did not carry, or carried as a placeholder, is nil, and `notes` says why.
public struct PhotoMetadata: Sendable, Equatable {
    public var camera = Camera()
    public var exposure = Exposure()
    /// EXIF orientation 1-8 as stored (the preprocess rule rotates by it).
    public var orientation: Int?
    public var artist: String?
    public var copyright: String?
    public var imageDescription: String?
    public var gps: GPSFix?
    public var capture: CaptureTime?
    public var zodiac: Zodiac?
    public var place: Place?
    /// Why a value is missing or was not taken as stored, and what was used instead.
    public var notes: [MetadataNote] = []
    /// Where the EXIF block came from: "jpeg" (its APP1 segment), "tiff" (the file's own tags)
    /// or "libvips" (the container's EXIF item); nil when the photo has none.
    public var exifSource: String?
    /// When the metadata was read.
    public var read: Date

    public init(read: Date = Date()) { self.read = read }

    /// The first note about `field` ("gps", "date", "place", ...).
    public func note(about field: String) -> String? { notes.first { $0.field == field }?.text }
}

/// Make, model and lens, as the camera wrote them (surrounding spaces removed).
public struct Camera: Sendable, Equatable, Codable {
    public var make: String?
    public var model: String?
    public var lens: String?

    public init(make: String? = nil, model: String? = nil, lens: String? = nil) {
        self.make = make
        self.model = model
        self.lens = lens
    }

    /// The camera in a few words: the model, with the maker in front unless the model already
    /// names it, and without the company's legal form: "Canon EOS 40D", "NIKON D70" (made by
    /// "NIKON CORPORATION"), "OLYMPUS E-P3" ("OLYMPUS IMAGING CORP."), "Apple iPhone 4". nil
    /// when both are missing.
    public var name: String? {
        let brand = make.map(Self.brand)
        guard let model, !model.isEmpty else { return brand }
        guard let brand, !brand.isEmpty else { return model }
        let words = brand.lowercased().split(separator: " ")
        return words.contains(where: { model.lowercased().hasPrefix($0) }) ? model : "\(brand) \(model)"
    }

    /// "OLYMPUS OPTICAL CO.,LTD" -> "OLYMPUS", "EASTMAN KODAK COMPANY" -> "EASTMAN KODAK".
    static func brand(_ make: String) -> String {
        let legal: Set<String> = ["corporation", "corp", "co", "ltd", "coltd", "company", "inc", "imaging", "optical",
                                  "electric", "gmbh", "ag", "sa", "llc"]
        var words = make.split(separator: " ").map(String.init)
        while words.count > 1, let last = words.last, legal.contains(last.lowercased().filter(\.isLetter)) { words.removeLast() }
        return words.joined(separator: " ")
    }
}

/// How the photo was exposed.
public struct Exposure: Sendable, Equatable {
    public var iso: Int?
    /// The f-number (2.8 for f/2.8).
    public var fNumber: Double?
    /// As stored ("1/200"), and in seconds.
    public var exposureTime: String?
    public var exposureSeconds: Double?
    /// Millimetres, as stored (not the 35 mm equivalent).
    public var focalLength: Double?

    public init() {}
}

/// A usable GPS fix: placeholders (0,0), empty GPS blocks and out-of-range values never get here.
public struct GPSFix: Sendable, Equatable {
    public var point: GeoPoint
    /// Metres above sea level (negative below).
    public var altitude: Double?
    /// The GPS date and time stamp (always UTC), when both are stored and valid.
    public var time: Date?

    public init(point: GeoPoint, altitude: Double? = nil, time: Date? = nil) {
        self.point = point
        self.altitude = altitude
        self.time = time
    }
}

/// Something the rule noticed about one field: why a value counts as absent, or which fallback
/// was used. `field` is one of exif, gps, altitude, gps-time, date, offset, time, place, camera.
public struct MetadataNote: Sendable, Equatable, Codable, CustomStringConvertible {
    public var field: String
    public var text: String

    public init(_ field: String, _ text: String) {
        self.field = field
        self.text = text
    }

    public var description: String { "\(field): \(text)" }
}

extension PhotoMetadata {
    /// Whether the photo has a capture date (EXIF, XMP, a sidecar), not only its file's date:
    /// the day a scan was copied is not the photo's.
    public var isDated: Bool { capture.map { $0.origin != .fileModified } ?? false }

    /// The zodiac sign of the capture date; nil without one. (The catalog keeps the file date's
    /// sign with its time, as the schema pairs them; nothing shows it.)
    public var captureZodiac: Zodiac? { isDated ? zodiac : nil }
}
