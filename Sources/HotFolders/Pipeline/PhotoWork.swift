import Foundation
import Vips

/// A photo on its way through an album's pipeline: where it came from, what the rules have
/// learnt and made of it so far, and the outputs waiting to be written to the outbox.
/// Outputs stay in memory until every rule has succeeded, so a failing rule leaves no partial
/// set of files behind.
public struct PhotoWork: Sendable {
    /// The original file, read in place (never modified).
    public let source: URL
    public let album: String
    /// Path of the original relative to its album folder ("IMG_1.jpg", "day 2/IMG_7.jpg").
    public let originalName: String
    /// The content type found by sniffing the file's first bytes.
    public let kind: ImageKind
    /// SHA-256 of the original's bytes, lower-case hex (the rename rule's `{hash}` token);
    /// nil when the photo is handled outside the pipeline.
    public var sha256: String?
    /// The decoded, upright, sRGB image once preprocess has run (held in memory once, shared by
    /// every later rule).
    public var image: VipsImage?
    /// The stem later outputs are named after (the rename rule changes it); without a rename rule
    /// the original's own stem, subfolders kept ("day 2/IMG_7").
    public var baseName: String
    /// What the metadata rule read from the original (camera, GPS, place, capture time, zodiac);
    /// nil until it has run. Rename and watermark take their place and date from here.
    public var metadata: PhotoMetadata?
    /// Results waiting to be encoded and written to `outbox/<Album>/<variant>/` at the end.
    public var outputs: [PlannedOutput] = []

    public init(source: URL, album: String, originalName: String, kind: ImageKind) {
        self.source = source
        self.album = album
        self.originalName = originalName
        self.kind = kind
        let stem = (originalName as NSString).deletingPathExtension
        self.baseName = stem.isEmpty ? originalName : stem
    }
}

/// One file a rule wants in the outbox: an image and how to encode it. Encoding and naming
/// happen once, at the end of the pipeline, so later rules (watermark, rename) still act on it.
public struct PlannedOutput: Sendable {
    /// The outbox subfolder: `web` for preprocess; later rules add their own.
    public var variant: String
    /// Appended to the photo's base name ("_512" for a derivative size); empty for most.
    public var suffix: String
    public var image: VipsImage
    public var encoding: Encoding

    public init(variant: String, suffix: String = "", image: VipsImage, encoding: Encoding) {
        self.variant = variant
        self.suffix = suffix
        self.image = image
        self.encoding = encoding
    }
}
