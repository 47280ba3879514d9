import Foundation

/// Why a photo could not go through a rule: `reason` is for the photographer (it ends up in
/// `failed/<Album>/<name>.error.json` and the event log), `detail` is the library's own message.
public struct RuleError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var detail: String?
    /// The file may simply not have arrived whole yet (it could not be decoded). The agent then
    /// waits for more data instead of setting the photo aside at once.
    public var mayBeIncomplete: Bool

    public init(_ reason: String, detail: String? = nil, mayBeIncomplete: Bool = false) {
        self.reason = reason
        self.detail = detail.map(Self.oneLine)
        self.mayBeIncomplete = mayBeIncomplete
    }

    /// A library's message as one line ("a; b"): libraries end messages with a newline or
    /// spread them over several, and the report and the event log show one line per photo.
    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }

    public var description: String {
        if let detail, !detail.isEmpty { return "\(reason) (\(detail))" }
        return reason
    }
}
