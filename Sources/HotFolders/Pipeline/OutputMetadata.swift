import Vips

/// Gives an output the metadata its policy allows, taken from its photo's original (the
/// preprocessed image, which holds the original's fields with an sRGB profile), never from
/// the image the output happens to hold: a style result comes from a generator's file, and a
/// composite takes its fields from whichever input libvips picks.
///
/// What libvips 8.14 does on save, which this relies on (and `MetadataCheck` verifies on every
/// output): JPEG, WebP, AVIF and PNG all write `exif-data`, and before writing, the saver
/// rebuilds it from the image's fields (`vips__exif_update`): every tag whose
/// `exif-ifd<N>-<Name>` field is gone is removed from the block, the EXIF preview goes unless
/// `jpeg-thumbnail-data` is there, and Orientation is set from the `orientation` field, 1
/// when there is none. A string tag whose field is unchanged keeps its original bytes (a
/// non-ASCII Artist stays as it was).
enum OutputMetadata {
    /// `image` ready to be encoded under `policy`.
    static func image(_ image: VipsImage, carrying policy: MetadataPolicy, from source: VipsImage?) throws -> VipsImage {
        switch policy {
        case .strip:
            // The savers are told to strip too, but libvips 8.14.1's webpsave ignores that and
            // writes the image's EXIF (GPS included), XMP and ICC profile all the same.
            return try image.replacingFields(removing: isWritten, copying: { _ in false }, from: nil)
        case .web:
            return try image.replacingFields(removing: isWritten, copying: { name in
                name == "exif-data" || PublishedEXIF.fields.contains(name)
            }, from: source)
        case .keep:
            return try image.replacingFields(removing: isWritten, copying: { name in
                isWritten(name) && !isStale(name)
            }, from: source)
        }
    }

    /// The fields the four savers write into a file (libvips 8.14): EXIF (the block, its tags
    /// and its preview), XMP, IPTC (JPEG only), the colour profile, and PNG text chunks.
    static func isWritten(_ field: String) -> Bool {
        field.hasPrefix("exif-") || field.hasPrefix("png-comment-")
            || ["xmp-data", "iptc-data", "icc-profile-data", "jpeg-thumbnail-data", "orientation"].contains(field)
    }

    /// Not true of an output even under `keep`: the original's EXIF preview and the IFD that
    /// describes it (the picture before cropping, styling or a watermark), and its orientation
    /// (the pixels are upright now; libvips writes Orientation 1 when the field is gone).
    private static func isStale(_ field: String) -> Bool {
        field == "jpeg-thumbnail-data" || field.hasPrefix("exif-ifd1-") || field == "orientation"
            || field == "exif-ifd0-Orientation"
    }
}
