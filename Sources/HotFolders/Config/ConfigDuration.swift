/// How durations are written in the config file: a number and a unit, several in a row
/// (`"500ms"`, `"2s"`, `"10m"`, `"1h"`, `"1m30s"`), or a plain TOML number of seconds (`2`,
/// `0.5`). `check-config` writes them back in the same spelling. Milliseconds are the finest step.
enum ConfigDuration {
    static let units: [(name: String, milliseconds: Double)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]

    /// What people write instead (`"2 min"`, `"30 seconds"`, `"1d"`), read only to suggest the real spelling.
    static let aliases: [String: Double] = [
        "msec": 1, "msecs": 1, "millisecond": 1, "milliseconds": 1,
        "sec": 1000, "secs": 1000, "second": 1000, "seconds": 1000,
        "min": 60_000, "mins": 60_000, "minute": 60_000, "minutes": 60_000,
        "hr": 3_600_000, "hrs": 3_600_000, "hour": 3_600_000, "hours": 3_600_000,
        "d": 86_400_000, "day": 86_400_000, "days": 86_400_000,
    ]

    /// `"1m30s"` as a duration, or nil when it is not written exactly so.
    static func parse(_ text: String) -> Duration? {
        milliseconds(in: text) { unit in units.first { $0.name == unit }?.milliseconds }.map { duration(milliseconds: $0) }
    }

    /// A looser reading (`"2 minutes"`, `"30"`, `"1D"`), for the suggestion in an error message.
    static func guess(_ text: String) -> Duration? {
        let lowered = text.lowercased()
        if let seconds = Double(lowered.filter { $0 != " " }), seconds.isFinite { return duration(milliseconds: seconds * 1000) }
        return milliseconds(in: lowered) { unit in units.first { $0.name == unit }?.milliseconds ?? aliases[unit] }
            .map { duration(milliseconds: $0) }
    }

    /// `"1m30s"`, `"500ms"`, `"0s"`: the largest units first, none that is zero.
    static func text(_ duration: Duration) -> String {
        var rest = milliseconds(of: duration)
        guard rest > 0 else { return rest == 0 ? "0s" : "-" + text(.zero - duration) }
        var parts = ""
        for unit in units.reversed() {
            let size = Int64(unit.milliseconds)
            if rest >= size {
                parts += "\(rest / size)\(unit.name)"
                rest %= size
            }
        }
        return parts
    }

    static func milliseconds(of duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Sums `<number><unit>` pairs (spaces allowed between them), or nil.
    private static func milliseconds(in text: String, unit factor: (String) -> Double?) -> Double? {
        var rest = Substring(text).drop { $0 == " " }
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { ("0"..."9").contains($0) || $0 == "." }
            guard let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count).drop { $0 == " " }
            let unit = rest.prefix { $0.isLetter }
            guard let size = factor(String(unit)) else { return nil }
            rest = rest.dropFirst(unit.count).drop { $0 == " " }
            total += value * size
        }
        // Past about three years nothing here makes sense, and the conversion below stays exact.
        return total.isFinite && total < 1e11 ? total : nil
    }

    private static func duration(milliseconds: Double) -> Duration {
        .milliseconds(Int64(milliseconds.rounded()))
    }
}
