/// The kinds of file the agent accepts, recognised by their first bytes rather than their
/// extension (a `.jpg` that is really a PNG is still processed; a `.jpg` that is a PDF is not).
public enum ImageKind: String, Sendable, CaseIterable, Codable {
    case jpeg, png, webp, tiff, heif, avif, jxl

    /// The kinds, as a photographer would name them, for "not a photo hotfolders reads (...)".
    public static let readableNames = "JPEG, PNG, WebP, TIFF, HEIC/HEIF, AVIF, JPEG XL"
}
