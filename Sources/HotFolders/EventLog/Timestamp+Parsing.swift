import Foundation
import Glibc

extension Timestamp {
    /// Reads back a time as `Timestamp.string` writes it ("2026-11-21T10:04:05.123Z"); also takes
    /// no fraction or any number of fraction digits. Nil for anything else.
    public static func date(from text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func byte(_ index: Int, is char: Character) -> Bool { bytes[index] == char.asciiValue! }
        guard byte(4, is: "-"), byte(7, is: "-"), byte(10, is: "T"), byte(13, is: ":"), byte(16, is: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }

        var fraction = 0.0
        let fractionEnd = bytes.count - 1
        if fractionEnd > 19 {
            guard byte(19, is: "."), fractionEnd > 20 else { return nil }
            let digits = min(fractionEnd - 20, 9)
            guard let value = number(20, digits) else { return nil }
            fraction = Double(value) / pow(10, Double(digits))
        }

        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        // A Date is a Double of seconds since 2001, so .123 comes back as .12299999 and
        // `Timestamp.string`, which truncates, would write .122. Ten microseconds into the
        // millisecond (far above the Double's error, far below the next millisecond) makes
        // every time read here write back as the same text.
        return Date(timeIntervalSince1970: Double(seconds) + fraction + 0.000_01)
    }
}
