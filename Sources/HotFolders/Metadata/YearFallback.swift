/// `year_fallback`: what `{year}` (in a rename template or the watermark) says for a photo with
/// no capture date in its EXIF (an old scan, a picture saved from a chat). The file's own date
/// is when it was copied, not when it was taken, so by default the year is left out, and the
/// zodiac sign is never taken from it.
public enum YearFallback: Sendable, Equatable {
    /// No `{year}` and no other date token: the template drops them with their separators.
    case none
    /// The file's modification time gives `{year}`, `{month}`, `{date}` ... (no sign).
    case file
    /// This year for `{year}`; the other date tokens are left out.
    case year(Int)

    /// As written in the config: "none", "file" or "2019".
    public var text: String {
        switch self {
        case .none: "none"
        case .file: "file"
        case .year(let year): String(year)
        }
    }

    /// Parses "none", "file" or a year 1800-2999.
    public init?(_ text: String) {
        switch text {
        case "none": self = .none
        case "file": self = .file
        default:
            guard let year = Int(text), (1800...2999).contains(year) else { return nil }
            self = .year(year)
        }
    }
}
