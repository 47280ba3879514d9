import Foundation
import Glibc

/// Turns events into the lines `hotfolders log` prints: local time, level, what happened, where,
/// and the outcome (outputs and time taken, or the reason), with ANSI colours for a terminal.
/// Names are printed with control characters made visible, so neither a newline nor a terminal
/// escape sequence in a file name can forge or hide a line.
public struct EventFormatter: Sendable {
    public var colour: Bool
    public var timeZone: TimeZone

    public init(colour: Bool = false, timeZone: TimeZone = .current) {
        self.colour = colour
        self.timeZone = timeZone
    }

    public func format(_ event: Event) -> String {
        var columns: [String] = []
        columns.append(paint(localTime(event.time), "2"))
        columns.append(paint(pad(event.level.rawValue, 7), Self.levelColour[event.level] ?? ""))
        columns.append(paint(pad(Self.visible(event.event), 10), event.kind.flatMap { Self.eventColour[$0] } ?? (event.level >= .error ? "31" : "1")))

        let place = [event.album, event.file].compactMap { $0 }.map(Self.visible).joined(separator: "/")
        if !place.isEmpty { columns.append(place) }

        if let outputs = event.outputs, !outputs.isEmpty {
            columns.append("→ " + outputs.map { Self.visible(Self.shortPath($0)) }.joined(separator: ", "))
        }
        if let ms = event.ms { columns.append("\(ms) ms") }
        if let reason = event.reason {
            let stage = event.stage.map { Self.visible($0) + ": " } ?? ""
            columns.append(paint(stage + Self.visible(reason), event.level >= .warning ? (Self.levelColour[event.level] ?? "") : ""))
        } else if let stage = event.stage {
            columns.append("stage " + Self.visible(stage))
        }
        // A library's message may end in a newline (older lines in the log): not worth a visible "\n".
        if let detail = event.detail?.trimmingCharacters(in: .whitespacesAndNewlines), !detail.isEmpty {
            columns.append(paint("(" + Self.visible(detail) + ")", "2"))
        }
        if let fields = event.fields, !fields.isEmpty {
            let pairs = fields.sorted { $0.key < $1.key }.map { key, value in
                let shown = Self.visible(value)
                return Self.visible(key) + "=" + (shown.contains(" ") ? "\"\(shown)\"" : shown)
            }
            columns.append(paint(pairs.joined(separator: " "), "2"))
        }
        return columns.joined(separator: "  ")
    }

    /// A raw log line made pretty, or nil when it is not an event.
    public func format(line: String) -> String? {
        Event(jsonLine: line).map(format)
    }

    /// "11-21 14:04:05" in the formatter's time zone.
    func localTime(_ date: Date) -> String {
        let shifted = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        var seconds = time_t(shifted.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }

    private func paint(_ text: String, _ code: String) -> String {
        colour && !code.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private static let levelColour: [Event.Level: String] = [.debug: "2", .info: "36", .warning: "33", .error: "1;31"]
    /// A photo's outcome at a glance; other events (and names from another version) by level.
    private static let eventColour: [EventKind: String] = [
        .processed: "32", .recovered: "32", .failed: "1;31", .duplicate: "33", .skipped: "33",
    ]

    /// The last two components of an output path ("web/IMG_1.webp"): the album is already shown.
    static func shortPath(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count <= 2 ? path : parts.suffix(2).joined(separator: "/")
    }

    /// Control characters (C0, DEL, C1) as escapes: `\n`, `\t`, `\r`, else `\u{1b}`. Every
    /// command prints names through it, as `log` and `status` do.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where isControl(scalar): out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
