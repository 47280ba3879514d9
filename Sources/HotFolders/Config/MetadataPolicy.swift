/// `metadata = "strip" | "web" | "keep"`: what an output carries of its photo's metadata.
///
/// The metadata always comes from the original (through the preprocessed image, whose colour
/// profile is already sRGB), never from the image an output happens to hold: a style result
/// comes from a generator's file, and a composite takes its fields from whichever input libvips
/// picks. Every output is read back before it is written, and one that does not hold to its
/// policy fails the photo instead of reaching the outbox (`MetadataCheck`).
///
/// Defaults: `web` for the `web` variant (and the styles, which follow it), because a published
/// photo should keep its photographer's credit and capture date but never carry the exact
/// position it was taken at (GPS), nor serial numbers; `strip` for the derivatives, which are
/// thumbnails where every byte counts. (The town may still be published on purpose: the rename
/// and watermark templates name it by default.)
public enum MetadataPolicy: String, Sendable, CaseIterable {
    /// Nothing: no EXIF, XMP, IPTC or colour profile.
    case strip
    /// The credit, the capture time and plain camera facts (`PublishedEXIF.tags`): Artist,
    /// Copyright, the dates with their offsets and sub-seconds, make, model, lens, exposure.
    /// Never the GPS position, serial numbers, owner name, unique image ID, maker notes, free
    /// text (description, comment), the EXIF preview, XMP or IPTC: each can tell where a photo
    /// was taken or tie it to one camera and its owner. No colour profile either: the pixels
    /// are sRGB, which is what browsers take an untagged image to be.
    case web
    /// Everything the original had (GPS, serials and maker notes included; its colour profile
    /// as preprocess made it: sRGB), except the EXIF preview thumbnail, which shows the
    /// original picture (before cropping, styling or a watermark) and which some file browsers
    /// show instead of the output, and an Orientation other than 1.
    case keep
}
