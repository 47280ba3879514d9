/// EXIF that could not be read: none in the file, or a block libexif could not parse, with
/// libexif's own words.
public enum ExifError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file has no EXIF block at all.
    case notFound
    /// The file could not be read (the system's message).
    case unreadable(String)
    /// A block was there but libexif found nothing usable in it.
    case corrupt(String)
    /// The data is laid out where libexif does not read (a TIFF's tags past its first 64 KiB).
    case unsupported(String)

    public var description: String {
        switch self {
        case .notFound: "no EXIF data"
        case .unreadable(let message): "the file could not be read: \(message)"
        case .corrupt(let message): "the EXIF data is damaged (\(message))"
        case .unsupported(let message): "the EXIF data cannot be read: \(message)"
        }
    }
}
