import Foundation

/// When a photo was taken: the local wall-clock time and, when it can be known, the instant in
/// UTC, with how each was found.
public struct CaptureTime: Sendable, Equatable {
    /// Which value the time was read from.
    public enum Origin: String, Sendable, Equatable, CaseIterable, Codable {
        case dateTimeOriginal = "DateTimeOriginal"
        case dateTimeDigitized = "DateTimeDigitized"
        /// No usable EXIF date: the file's modification time.
        case fileModified = "file-mtime"
    }

    /// How local time and UTC were tied together.
    public enum Source: String, Sendable, Equatable, CaseIterable, Codable {
        /// The camera's own OffsetTimeOriginal (OffsetTimeDigitized for a digitized time).
        case offset
        /// The IANA zone at the GPS position, with its offset on that date (daylight saving included).
        case gpsZone = "gps-zone"
        /// The album's `timezone` setting.
        case album
        /// Nothing says which zone: `local` is as the camera stored it and `utc` is nil.
        case none
        /// The file's modification time: an instant, shown in the best zone known.
        case file
    }

    public var origin: Origin
    /// As the camera stored it, before the album's `clock_offset` (nil for `fileModified`).
    public var camera: LocalDateTime?
    /// The local time of capture, after the album's `clock_offset`.
    public var local: LocalDateTime
    /// The instant of capture; nil when `source` is `.none`.
    public var utc: Date?
    /// Seconds local time was ahead of UTC (3600 for +01:00); nil when unknown.
    public var utcOffset: Int?
    /// The IANA zone used, for `gpsZone`, `album`, and `file` when one was known.
    public var timeZone: String?
    public var source: Source
    /// The album's camera clock correction that was applied, seconds.
    public var clockCorrection: Int

    public init(origin: Origin, camera: LocalDateTime?, local: LocalDateTime, utc: Date?, utcOffset: Int?,
                timeZone: String?, source: Source, clockCorrection: Int = 0) {
        self.origin = origin
        self.camera = camera
        self.local = local
        self.utc = utc
        self.utcOffset = utcOffset
        self.timeZone = timeZone
        self.source = source
        self.clockCorrection = clockCorrection
    }

    /// "+02:00" for `utcOffset`.
    public var offsetText: String? { utcOffset.map(UTCOffset.text) }
}

/// `+HH:MM` offsets, as EXIF's OffsetTime tags and the `clock_offset` setting write them.
public enum UTCOffset {
    /// Seconds for `+02:00`, `-04:00`, `+05:45`; also `-00:53:30` with seconds. nil otherwise.
    public static func seconds(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let sign = trimmed.first, sign == "+" || sign == "-" else { return nil }
        let parts = trimmed.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count),
              parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count, numbers[1] < 60, numbers.count < 3 || numbers[2] < 60 else { return nil }
        let seconds = numbers[0] * 3600 + numbers[1] * 60 + (numbers.count == 3 ? numbers[2] : 0)
        return sign == "-" ? -seconds : seconds
    }

    /// `+02:00`, `-04:00`, `-00:53:30`.
    public static func text(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        var text = sign + String(format: "%02d:%02d", magnitude / 3600, magnitude % 3600 / 60)
        if magnitude % 60 != 0 { text += String(format: ":%02d", magnitude % 60) }
        return text
    }
}
