import CExif

/// EXIF reading for photos, over libexif. Filled in by the metadata rule (issue 4); for now
/// it only reports the library's presence so the module links.
public enum Exif {
    /// True when libexif can be asked for a tag name, i.e. the library is linked and usable.
    public static var isAvailable: Bool { exif_tag_get_name(EXIF_TAG_ORIENTATION) != nil }
}
