import Foundation
import TOMLKit

// Kinds of value the metadata settings need: a time zone, a clock offset and a year fallback.
extension ConfigSetting {
    /// An IANA time zone name the system's tzdata knows ("Europe/Paris"), or "" for none.
    static func timeZone(_ name: String, _ field: WritableKeyPath<Root, String?> & Sendable) -> ConfigSetting {
        .field(name, field, read: { value, _ in
            let expected = #"an IANA time zone such as "Europe/Paris" or "America/Toronto""#
            guard let text = value.string else { throw ValueProblem(expected: expected, found: TOMLReader.describe(value)) }
            if text.isEmpty { return nil }
            guard TimeZone(identifier: text) != nil, text.contains("/") || text == "UTC" else {
                let known = TimeZone.knownTimeZoneIdentifiers
                let suggestion = KeySuggestion.closest(to: text, among: known)
                    ?? known.first { $0.lowercased() == text.lowercased() }
                throw ValueProblem(expected: expected, found: TOMLReader.describe(value), suggestion: suggestion.map(TOMLReader.quoted))
            }
            return text
        }, show: { $0.map(TOMLReader.quoted) ?? "(not set)" })
    }

    /// `"none"`, `"file"` or a year (as a string or a number).
    static func yearFallback(_ name: String, _ field: WritableKeyPath<Root, YearFallback> & Sendable) -> ConfigSetting {
        .field(name, field, read: { value, _ in
            let expected = #""none", "file" or a year such as "2019""#
            guard let text = value.string ?? value.int.map(String.init), let fallback = YearFallback(text) else {
                throw ValueProblem(expected: expected, found: TOMLReader.describe(value))
            }
            return fallback
        }, show: { TOMLReader.quoted($0.text) })
    }

    /// A signed `"+HH:MM"` (or `"-HH:MM:SS"`) within a day, as seconds.
    static func clockOffset(_ name: String, _ field: WritableKeyPath<Root, Int> & Sendable) -> ConfigSetting {
        .field(name, field, read: { value, _ in
            let expected = #"a signed time such as "-00:53" or "+01:00:30" (hours:minutes[:seconds])"#
            guard let text = value.string, let seconds = UTCOffset.seconds(text), abs(seconds) < 86_400 else {
                throw ValueProblem(expected: expected, found: TOMLReader.describe(value))
            }
            return seconds
        }, show: { TOMLReader.quoted(UTCOffset.text($0)) })
    }
}
