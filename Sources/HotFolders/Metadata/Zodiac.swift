/// The tropical zodiac sign of a date (the Sun's sign by the usual calendar dates), with its
/// Unicode symbol (U+2648-U+2653, without a variation selector: the font decides how it looks).
public enum Zodiac: String, Sendable, CaseIterable, Codable {
    case aries, taurus, gemini, cancer, leo, virgo, libra, scorpio, sagittarius, capricorn, aquarius, pisces

    /// "Aries".
    public var name: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// "♈".
    public var symbol: String {
        let index = Self.allCases.firstIndex(of: self)!
        return String(Character(Unicode.Scalar(0x2648 + UInt32(index))!))
    }

    /// The first day of each sign, in calendar order from Capricorn's second part.
    private static let starts: [(month: Int, day: Int, sign: Zodiac)] = [
        (1, 20, .aquarius), (2, 19, .pisces), (3, 21, .aries), (4, 20, .taurus), (5, 21, .gemini),
        (6, 21, .cancer), (7, 23, .leo), (8, 23, .virgo), (9, 23, .libra), (10, 23, .scorpio),
        (11, 22, .sagittarius), (12, 22, .capricorn),
    ]

    /// The sign of a month and day (1-12, 1-31).
    public init(month: Int, day: Int) {
        var sign = Zodiac.capricorn
        for start in Self.starts where (month, day) >= (start.month, start.day) { sign = start.sign }
        self = sign
    }

    /// The sign of a local date.
    public init(_ date: LocalDateTime) { self.init(month: date.month, day: date.day) }
}
