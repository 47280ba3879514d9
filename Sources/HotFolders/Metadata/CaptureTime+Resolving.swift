import Foundation

extension CaptureTime {
    /// What besides EXIF decides the capture time.
    struct Clues: Sendable {
        /// The IANA zone at the GPS position, and the place it was taken from.
        var gpsZone: (zone: String, near: String)?
        /// The album's `timezone`.
        var albumZone: String?
        /// The album's `clock_offset`, seconds added to the camera's time.
        var clockCorrection = 0
        /// The file's modification time, the last resort.
        var fileModified: Date?
        /// The GPS clock's UTC, to cross-check.
        var gpsTime: Date?
        var now = Date()
    }

    /// The capture time from the EXIF dates and the clues, noting every fallback taken:
    /// DateTimeOriginal, else DateTimeDigitized, else the file's modification time; UTC from
    /// the camera's offset, else the GPS zone, else the album's zone, else left local.
    static func resolve(_ facts: ExifFacts, clues: Clues, notes: inout [MetadataNote]) -> CaptureTime? {
        let origin: Origin
        let camera: LocalDateTime
        let offset: Int?
        if let original = facts.original {
            (origin, camera, offset) = (.dateTimeOriginal, original, facts.originalOffset)
        } else if let digitized = facts.digitized {
            (origin, camera, offset) = (.dateTimeDigitized, digitized, facts.digitizedOffset)
            notes.append(MetadataNote("date", "no usable DateTimeOriginal; DateTimeDigitized is used"))
        } else {
            return fromFile(clues: clues, notes: &notes)
        }

        let local = camera.adding(seconds: clues.clockCorrection)
        var time = CaptureTime(origin: origin, camera: camera, local: local, utc: nil, utcOffset: nil, timeZone: nil,
                               source: .none, clockCorrection: clues.clockCorrection)
        let gpsZone = clues.gpsZone.flatMap { found in TimeZone(identifier: found.zone).map { ($0, found) } }
        if let offset, let zone = TimeZone(secondsFromGMT: offset) {
            time.utc = local.date(in: zone)
            time.utcOffset = offset
            time.source = .offset
            if let (gpsZone, found) = gpsZone, let utc = time.utc, gpsZone.secondsFromGMT(for: utc) != offset {
                let zoneOffset = gpsZone.secondsFromGMT(for: utc)
                notes.append(MetadataNote("time", "the camera's offset \(UTCOffset.text(offset)) and the zone at the GPS position "
                    + "(\(found.zone), \(UTCOffset.text(zoneOffset)) near \(found.near)) disagree by "
                    + "\(Self.hours(abs(zoneOffset - offset))); the camera's offset is used"))
            }
        } else if let (zone, found) = gpsZone {
            time.set(zone: zone, identifier: found.zone, source: .gpsZone)
        } else if let name = clues.albumZone, let zone = TimeZone(identifier: name) {
            time.set(zone: zone, identifier: name, source: .album)
        } else {
            notes.append(MetadataNote("time", "no UTC offset in the photo, no GPS position and no album timezone: "
                + "the local time is kept and UTC is unknown"))
        }
        time.check(against: clues, notes: &notes)
        return time
    }

    private static func fromFile(clues: Clues, notes: inout [MetadataNote]) -> CaptureTime? {
        guard let modified = clues.fileModified else {
            notes.append(MetadataNote("date", "no usable EXIF date and no file modification time"))
            return nil
        }
        let named: (TimeZone, String)? = clues.gpsZone.flatMap { found in TimeZone(identifier: found.zone).map { ($0, found.zone) } }
            ?? clues.albumZone.flatMap { name in TimeZone(identifier: name).map { ($0, name) } }
        let zone = named?.0 ?? TimeZone.current
        notes.append(MetadataNote("date", "no usable EXIF date; the file's modification time is used"))
        return CaptureTime(origin: .fileModified, camera: nil, local: LocalDateTime(modified, in: zone), utc: modified,
                           utcOffset: zone.secondsFromGMT(for: modified), timeZone: named?.1 ?? zone.identifier, source: .file)
    }

    private mutating func set(zone: TimeZone, identifier: String, source: Source) {
        utc = local.date(in: zone)
        utcOffset = utc.map { zone.secondsFromGMT(for: $0) }
        timeZone = identifier
        self.source = source
    }

    /// Notes a date in the future and a GPS clock far from the computed UTC: both point at a
    /// camera clock set wrong, which `clock_offset` fixes.
    private func check(against clues: Clues, notes: inout [MetadataNote]) {
        let zone = utcOffset.flatMap { TimeZone(secondsFromGMT: $0) } ?? TimeZone(identifier: "UTC")!
        if let when = utc ?? local.date(in: zone), when > clues.now.addingTimeInterval(86_400) {
            notes.append(MetadataNote("date", "\(origin.rawValue) \(local.text) is in the future: the camera's clock "
                + "is probably wrong (clock_offset corrects it)"))
        }
        if let utc, let gpsTime = clues.gpsTime, abs(utc.timeIntervalSince(gpsTime)) > 3600 {
            notes.append(MetadataNote("time", "the GPS clock says \(Timestamp.string(gpsTime)), "
                + "\(Self.hours(Int(abs(utc.timeIntervalSince(gpsTime))))) from the capture time in UTC: "
                + "check the camera's clock (clock_offset) or time zone"))
        }
    }

    /// "12 h", "1 h 30 min", "45 min".
    static func hours(_ seconds: Int) -> String {
        let hours = seconds / 3600, minutes = seconds % 3600 / 60
        switch (hours, minutes) {
        case (0, _): return "\(minutes) min"
        case (_, 0): return "\(hours) h"
        default: return "\(hours) h \(minutes) min"
        }
    }
}
