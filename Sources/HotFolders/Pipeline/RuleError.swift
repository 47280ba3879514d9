/// Why a photo could not go through a rule: `reason` is for the photographer (it ends up in
/// `failed/<Album>/<name>.error.json` and the event log), `detail` is the library's own message.
public struct RuleError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var detail: String?

    public init(_ reason: String, detail: String? = nil) {
        self.reason = reason
        self.detail = detail
    }

    public var description: String {
        if let detail, !detail.isEmpty { return "\(reason) (\(detail))" }
        return reason
    }
}
