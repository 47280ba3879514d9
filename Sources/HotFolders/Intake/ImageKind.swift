/// The kinds of file the agent accepts, recognised by their first bytes rather than their
/// extension (a `.jpg` that is really a PNG is still processed; a `.jpg` that is a PDF is not).
public enum ImageKind: String, Sendable, CaseIterable, Codable {
    case jpeg, png, webp, tiff, heif, avif
}
