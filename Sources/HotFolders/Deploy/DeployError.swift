/// Why a deploy step did not succeed, in words that say what to fix, and how far it reaches.
public struct DeployError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Scope: String, Sendable {
        /// The server was unreachable, slow or busy (refused, timed out, 5xx, 429): try again
        /// later; the photo stays pending.
        case transient
        /// Nothing in this album can deploy until the configuration, the credentials, the clock
        /// or the bucket is fixed (wrong secret, unknown key, no bucket, clock skew).
        case album
        /// This photo's upload was refused (bad digest, too large, ETag mismatch); the rest go on.
        case photo
    }

    public var scope: Scope
    /// For the photographer: what happened and what to do.
    public var message: String
    /// The server's or libcurl's own words ("403 SignatureDoesNotMatch").
    public var detail: String?

    public init(_ scope: Scope, _ message: String, detail: String? = nil) {
        self.scope = scope
        self.message = message
        self.detail = detail
    }

    public var isTransient: Bool { scope == .transient }

    public var description: String {
        if let detail, !detail.isEmpty { return "\(message) (\(detail))" }
        return message
    }
}
