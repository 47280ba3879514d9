import Foundation

/// A wall-clock date and time with no zone, as a camera stores it ("2008:10:22 16:28:39").
public struct LocalDateTime: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Milliseconds from SubSecTimeOriginal, when the camera stored them.
    public var millisecond: Int?

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
    }

    /// `2008-10-22T16:28:39` (with `.120` when milliseconds are known): ISO 8601 without a zone.
    public var text: String {
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second)
        if let millisecond { text += String(format: ".%03d", millisecond) }
        return text
    }

    public var description: String { text }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        let left = (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second)
        let right = (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second)
        return left < right || (left == right && (lhs.millisecond ?? 0) < (rhs.millisecond ?? 0))
    }

    /// The instant this wall-clock time names in `zone` (daylight saving as it was on that date).
    public func date(in zone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let whole = calendar.date(from: components) else { return nil }
        guard let millisecond else { return whole }
        // A microsecond over, so that a binary fraction just under .277 still prints as .277
        // where times are written with their milliseconds cut, not rounded.
        return whole.addingTimeInterval(Double(millisecond) / 1000 + 0.000_001)
    }

    /// The wall-clock time of `date` in `zone`.
    public init(_ date: Date, in zone: TimeZone, keepMilliseconds: Bool = false) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        self.init(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1, hour: parts.hour ?? 0,
                  minute: parts.minute ?? 0, second: parts.second ?? 0,
                  millisecond: keepMilliseconds ? (parts.nanosecond ?? 0) / 1_000_000 : nil)
    }

    /// This time moved by `seconds` (a camera clock correction), calendar-correct.
    public func adding(seconds: Int) -> LocalDateTime {
        guard seconds != 0, let utc = TimeZone(identifier: "UTC"), let date = date(in: utc) else { return self }
        var moved = LocalDateTime(date.addingTimeInterval(TimeInterval(seconds)), in: utc)
        moved.millisecond = millisecond
        return moved
    }

    /// Reads `2008:10:22 16:28:39` (EXIF), also with `-` between date parts or `T` before the
    /// time. nil for anything else, including impossible dates (month 13, 30 February).
    public init?(exif text: String) {
        let characters = Array(text.utf8)
        guard characters.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = characters[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        let separators: [(Int, Set<UInt8>)] = [(4, [0x3A, 0x2D]), (7, [0x3A, 0x2D]), (10, [0x20, 0x54]), (13, [0x3A]), (16, [0x3A])]
        guard separators.allSatisfy({ $0.1.contains(characters[$0.0]) }),
              characters.dropFirst(19).allSatisfy({ $0 == 0x20 || $0 == 0 }),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
              (0...60).contains(second) else { return nil }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59))
        // 31 April and 29 February of a common year are refused: they name no day.
        guard let utc = TimeZone(identifier: "UTC"), let date = date(in: utc),
              LocalDateTime(date, in: utc).day == day else { return nil }
    }
}

extension LocalDateTime {
    /// Reads `text` back (`2008-10-22T16:28:39`, optionally with `.120`).
    public init?(text: String) {
        guard text.count >= 19, var parsed = LocalDateTime(exif: String(text.prefix(19))) else { return nil }
        let rest = text.dropFirst(19)
        if !rest.isEmpty {
            guard rest.first == ".", rest.count == 4, let millisecond = Int(rest.dropFirst()) else { return nil }
            parsed.millisecond = millisecond
        }
        self = parsed
    }
}
