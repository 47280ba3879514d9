import Exif
import Foundation

extension ExifFacts {
    /// The GPS block, checked: a position only when both coordinates are there, in range, with
    /// valid hemispheres, and not the 0,0 cameras write without a fix.
    mutating func readGPS(_ exif: ExifData) {
        guard exif.hasEntries(in: .gps) else { return }
        let latitude = coordinate(exif, .gpsLatitude, ref: .gpsLatitudeRef, positive: "N", negative: "S", limit: 90)
        let longitude = coordinate(exif, .gpsLongitude, ref: .gpsLongitudeRef, positive: "E", negative: "W", limit: 180)
        switch (latitude, longitude) {
        case (.missing, .missing):
            notes.append(MetadataNote("gps", "the GPS block is empty (no latitude or longitude)"))
            return
        case (.invalid(let reason), _), (_, .invalid(let reason)):
            notes.append(MetadataNote("gps", reason))
            return
        case (.missing, _), (_, .missing):
            notes.append(MetadataNote("gps", "the GPS block has only one of latitude and longitude"))
            return
        case (.value(let lat), .value(let lon)):
            if abs(lat) < 1e-6 && abs(lon) < 1e-6 {
                notes.append(MetadataNote("gps", "the GPS position is 0,0, a placeholder written without a fix"))
                return
            }
            gps = GPSFix(point: GeoPoint(latitude: lat, longitude: lon), altitude: altitude(exif), time: gpsTime(exif))
        }
    }

    enum Coordinate { case missing, invalid(String), value(Double) }

    private func coordinate(_ exif: ExifData, _ tag: ExifTag, ref: ExifTag, positive: String, negative: String,
                            limit: Double) -> Coordinate {
        let name = tag.name(in: .gps)
        guard let entry = exif.entry(tag, in: .gps), entry.components > 0 else { return .missing }
        let parts = entry.rationals
        guard parts.count == 3 else { return .invalid("\(name) is not degrees, minutes and seconds") }
        guard let degrees = parts[0].value, let minutes = parts[1].value, let seconds = parts[2].value else {
            return .invalid("\(name) has a zero denominator (\(parts.map(\.description).joined(separator: " ")))")
        }
        guard degrees >= 0, minutes >= 0, minutes < 60, seconds >= 0, seconds < 60 else {
            return .invalid("\(name) \(parts.map(\.description).joined(separator: " ")) is out of range")
        }
        let value = degrees + minutes / 60 + seconds / 3600
        guard value <= limit else { return .invalid("\(name) \(Self.decimal(value))° is out of range (at most \(Int(limit))°)") }
        let hemisphere = exif.entry(ref, in: .gps)?.text?.uppercased() ?? ""
        switch hemisphere {
        case positive: return .value(value)
        case negative: return .value(-value)
        case "": return .invalid("\(name) has no \(ref.name(in: .gps)) (\(positive) or \(negative))")
        default: return .invalid("\(ref.name(in: .gps)) is \"\(hemisphere)\", not \(positive) or \(negative)")
        }
    }

    /// Metres, negative below sea level; an impossible depth is noted and left out.
    private mutating func altitude(_ exif: ExifData) -> Double? {
        guard let value = exif.entry(.gpsAltitude, in: .gps)?.rationals.first?.value else { return nil }
        let below = exif.entry(.gpsAltitudeRef, in: .gps)?.integers.first == 1
        let metres = below ? -value : value
        // The lowest dry land (the Dead Sea shore) is 430 m below sea level.
        guard metres > -500, metres < 12_000 else {
            notes.append(MetadataNote("altitude", "GPSAltitude \(Int(metres)) m is not a plausible altitude"))
            return nil
        }
        return metres
    }

    /// GPSDateStamp + GPSTimeStamp, always UTC.
    private mutating func gpsTime(_ exif: ExifData) -> Date? {
        let day = exif.entry(.gpsDateStamp, in: .gps)?.text ?? ""
        let clock = exif.entry(.gpsTimeStamp, in: .gps)?.rationals.compactMap(\.value) ?? []
        guard !day.isEmpty, clock.count == 3 else { return nil }
        let seconds = Int(clock[2])
        let text = "\(day) " + String(format: "%02d:%02d:%02d", Int(clock[0]), Int(clock[1]), seconds)
        guard let stamp = LocalDateTime(exif: text), (1990...2200).contains(stamp.year),
              let utc = TimeZone(identifier: "UTC"), let date = stamp.date(in: utc) else {
            notes.append(MetadataNote("gps-time", "GPSDateStamp \"\(day)\" with GPSTimeStamp is not a time"))
            return nil
        }
        return date.addingTimeInterval(clock[2] - Double(seconds))
    }
}
