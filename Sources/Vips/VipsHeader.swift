import CVips

/// What a file's header says about its image (size, loader, orientation, colour profile),
/// read without decoding a single pixel: cheap enough to refuse a decompression bomb (a small
/// file that claims gigapixels) before it costs memory.
public struct VipsHeader: Sendable, Equatable {
    /// Size as stored, before any EXIF rotation (HEIF decoders rotate, so theirs is upright).
    public var width: Int
    public var height: Int
    public var bands: Int
    /// The libvips loader that recognised the content ("jpegload", "pngload", "heifload").
    public var loader: String
    /// EXIF orientation 1-8 (1 when absent or invalid).
    public var orientation: Int
    /// Whether the file carries an ICC colour profile.
    public var hasICCProfile: Bool

    /// Width times height.
    public var pixelCount: Int { width * height }

    /// Reads the header of the image file at `path`. Throws libvips's message when the content
    /// is not an image libvips can open.
    public init(path: String) throws {
        // Sequential access opens lazily: the loader parses the header and stops.
        let image = try VipsImage.make("header", source: path) { hf_vips_open_header(path) }
        width = image.width
        height = image.height
        bands = image.bands
        loader = image.loader ?? "unknown"
        orientation = image.orientation
        hasICCProfile = image.hasICCProfile
    }
}
