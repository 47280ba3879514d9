import Exif
import Foundation
import Vips

/// The EXIF values the metadata rule uses, read once from the original and checked. A value
/// that is a placeholder or out of range (0,0 GPS, an empty GPS block, a date of zeros or
/// blanks, a latitude of 91°) is left out and `notes` says why; nothing here throws.
struct ExifFacts: Sendable {
    var source: String?
    var camera = Camera()
    var exposure = Exposure()
    var orientation: Int?
    var artist: String?
    var copyright: String?
    var imageDescription: String?
    var original: LocalDateTime?
    var digitized: LocalDateTime?
    /// Seconds east of UTC from OffsetTimeOriginal / OffsetTimeDigitized.
    var originalOffset: Int?
    var digitizedOffset: Int?
    var gps: GPSFix?
    var notes: [MetadataNote] = []

    /// Reads the file's EXIF: a JPEG's APP1 segment through libexif's loader, a TIFF's own tags
    /// (a TIFF is laid out as EXIF is), any other container's EXIF item through libvips (which
    /// reads only the header).
    static func read(_ url: URL, kind: ImageKind) -> ExifFacts {
        var facts = ExifFacts()
        do {
            let exif: ExifData
            if kind == .jpeg {
                exif = try ExifData(jpegFile: url.path)
                facts.source = "jpeg"
            } else if kind == .tiff {
                exif = try ExifData(tiffFile: url.path)
                facts.source = "tiff"
            } else {
                guard let block = try VipsImage.exifData(path: url.path) else { throw ExifError.notFound }
                exif = try ExifData(block: block)
                facts.source = "libvips"
            }
            facts.take(exif)
        } catch let error as ExifError {
            facts.notes.append(MetadataNote("exif", error == .notFound ? "the photo carries no EXIF data" : "\(error)"))
        } catch let error as VipsError {
            facts.notes.append(MetadataNote("exif", "the file could not be opened to read its EXIF (\(error.message))"))
        } catch {
            facts.notes.append(MetadataNote("exif", "\(error)"))
        }
        if kind == .tiff, facts.orientation == nil, let stored = try? VipsImage.storedOrientation(path: url.path),
           (1...8).contains(stored) {
            facts.orientation = stored
        }
        return facts
    }

    mutating func take(_ exif: ExifData) {
        if !exif.problems.isEmpty {
            notes.append(MetadataNote("exif", "libexif skipped damaged entries: " + exif.problems.joined(separator: "; ")))
        }
        // Make and Model belong in IFD0; some writers (a JPEG XL sample) put them in the EXIF IFD.
        func text(_ tag: ExifTag, _ ifds: [ExifIFD] = [.zero, .exif]) -> String? {
            for ifd in ifds { if let value = exif.entry(tag, in: ifd)?.text, !value.isEmpty { return value } }
            return nil
        }
        camera = Camera(make: text(.make), model: text(.model), lens: text(.lensModel, [.exif]))
        artist = text(.artist, [.zero])
        copyright = text(.copyright, [.zero])
        imageDescription = text(.imageDescription, [.zero])
        if let value = exif.entry(.orientation, in: .zero)?.integers.first {
            if (1...8).contains(value) { orientation = value } else {
                notes.append(MetadataNote("orientation", "Orientation \(value) is outside 1-8; taken as upright"))
            }
        }
        readExposure(exif)
        readDates(exif)
        readGPS(exif)
    }

    private mutating func readExposure(_ exif: ExifData) {
        exposure.iso = exif.entry(.isoSpeedRatings, in: .exif)?.integers.first.flatMap { $0 > 0 ? $0 : nil }
        exposure.fNumber = exif.entry(.fNumber, in: .exif)?.rationals.first?.value.flatMap { $0 > 0 ? $0 : nil }
        exposure.focalLength = exif.entry(.focalLength, in: .exif)?.rationals.first?.value.flatMap { $0 > 0 ? $0 : nil }
        if let time = exif.entry(.exposureTime, in: .exif)?.rationals.first, let seconds = time.value, seconds > 0 {
            exposure.exposureSeconds = seconds
            if time.numerator == 1 {
                exposure.exposureTime = "1/\(time.denominator)"
            } else {
                exposure.exposureTime = seconds >= 1 ? Self.decimal(seconds) : "1/\(Int((1 / seconds).rounded()))"
            }
        }
    }

    private mutating func readDates(_ exif: ExifData) {
        original = date(exif, .dateTimeOriginal, subSeconds: .subSecTimeOriginal)
        digitized = date(exif, .dateTimeDigitized, subSeconds: .subSecTimeDigitized)
        originalOffset = offset(exif, .offsetTimeOriginal)
        digitizedOffset = offset(exif, .offsetTimeDigitized)
    }

    /// A date tag, or nil with a note saying what was wrong with it.
    private mutating func date(_ exif: ExifData, _ tag: ExifTag, subSeconds: ExifTag) -> LocalDateTime? {
        guard let entry = exif.entry(tag, in: .exif) else { return nil }
        let name = tag.name(in: .exif)
        let stored = entry.text ?? ""
        if stored.isEmpty {
            notes.append(MetadataNote("date", "\(name) is empty"))
            return nil
        }
        if stored.allSatisfy({ $0 == ":" || $0 == " " }) {
            notes.append(MetadataNote("date", "\(name) is blank (\"\(stored)\")"))
            return nil
        }
        if stored.allSatisfy({ $0 == "0" || $0 == ":" || $0 == " " }) {
            notes.append(MetadataNote("date", "\(name) is zero (\(stored)), a camera's placeholder for no date"))
            return nil
        }
        guard var date = LocalDateTime(exif: stored) else {
            notes.append(MetadataNote("date", "\(name) \"\(stored)\" is not a date"))
            return nil
        }
        guard (1900...2200).contains(date.year) else {
            notes.append(MetadataNote("date", "\(name) \(stored) is not a plausible year"))
            return nil
        }
        if let fraction = exif.entry(subSeconds, in: .exif)?.text, !fraction.isEmpty, fraction.allSatisfy(\.isWholeNumber) {
            let digits = String((fraction + "000").prefix(3))
            date.millisecond = Int(digits)
        }
        return date
    }

    private mutating func offset(_ exif: ExifData, _ tag: ExifTag) -> Int? {
        guard let stored = exif.entry(tag, in: .exif)?.text, !stored.isEmpty else { return nil }
        guard let seconds = UTCOffset.seconds(stored), abs(seconds) <= 14 * 3600 else {
            notes.append(MetadataNote("offset", "\(tag.name(in: .exif)) \"\(stored)\" is not a UTC offset"))
            return nil
        }
        return seconds
    }

    static func decimal(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
