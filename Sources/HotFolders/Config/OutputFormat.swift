/// An encoded output format, as named in the config (`format = "webp"`).
public enum OutputFormat: String, Sendable, CaseIterable, Codable {
    case webp, jpeg, avif, png

    /// The file extension written to the outbox.
    public var fileExtension: String {
        switch self {
        case .webp: "webp"
        case .jpeg: "jpg"
        case .avif: "avif"
        case .png: "png"
        }
    }

    /// The Content-Type an HTTP server should send for it.
    public var mimeType: String {
        switch self {
        case .webp: "image/webp"
        case .jpeg: "image/jpeg"
        case .avif: "image/avif"
        case .png: "image/png"
        }
    }
}
