import CExif

/// EXIF over libexif: `ExifData` parses a block (from a JPEG's APP1 segment, or the blob another
/// container carries) and answers values by tag and IFD. Knows nothing of photos or albums;
/// this module is the only importer of CExif.
public enum Exif {
    /// True when libexif can be asked for a tag name, i.e. the library is linked and usable.
    public static var isAvailable: Bool { exif_tag_get_name(EXIF_TAG_ORIENTATION) != nil }
}
