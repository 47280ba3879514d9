import Foundation
import Vips

/// The `preprocess` rule: makes the `web` variant of a photo. Upright by its EXIF orientation,
/// scaled down to fit `max_edge` (never up), 8-bit sRGB, both sides a multiple of
/// `multiple_of` by a centred crop of less than `multiple_of` pixels, and held in memory once
/// as the image every later rule (watermark, derivatives) starts from.
public struct PreprocessRule: Rule {
    public var kind: RuleKind { .preprocess }
    public var settings: PreprocessSettings

    public init(settings: PreprocessSettings) {
        self.settings = settings
    }

    /// libvips calls block; the pipeline runs each photo on its own task, so this is fine here.
    public func apply(to photo: inout PhotoWork, in context: RuleContext) async throws {
        let image = try prepare(path: photo.source.path)
        photo.image = image
        photo.outputs.append(PlannedOutput(
            variant: "web",
            image: image,
            encoding: Encoding(format: settings.format, quality: settings.quality,
                               effort: settings.effort, metadata: settings.metadata)))
    }

    /// The upright, scaled, sRGB, cropped image of the file at `path`, decoded into memory.
    func prepare(path: String) throws -> VipsImage {
        let header: VipsHeader
        do {
            header = try VipsHeader(path: path)
        } catch let error as VipsError {
            throw RuleError("the file could not be read as an image", detail: error.message, mayBeIncomplete: true)
        }
        try checkPixelLimit(header)

        let edge = max(1, settings.maxEdge)
        let image: VipsImage
        do {
            // Shrink while decoding (JPEG decodes at 1/2, 1/4, 1/8 scale), rotate upright from
            // EXIF, and fail on corrupt or truncated data rather than hand on grey blocks.
            // Warnings (stray bytes between JPEG markers) are tolerated: those photos look right.
            // A file with a colour profile (Adobe RGB, Display P3) is transformed to sRGB;
            // files without one are taken as sRGB already, which saves a needless transform.
            let scaled = try VipsImage.thumbnail(
                path: path, width: edge, height: edge, size: .down,
                autorotate: true, failOn: .error,
                exportProfile: header.hasICCProfile ? "srgb" : nil)
            let srgb = try scaled.srgb8()
            let cropped = try cropToMultiple(srgb)
            // The whole chain above is lazy: decoding happens here, once. The metadata blobs are
            // copied while the chain (and the loader behind it) is alive: see `owningBlobs`.
            image = try withExtendedLifetime(cropped) { try cropped.inMemory().owningBlobs() }
        } catch let error as VipsError {
            throw RuleError("the photo could not be decoded: the file is damaged or incomplete", detail: error.message,
                            mayBeIncomplete: true)
        }
        return image
    }

    /// Refuses a decompression bomb from its header, before a pixel is decoded.
    func checkPixelLimit(_ header: VipsHeader) throws {
        let limit = settings.maxMegapixels
        guard header.pixelCount > limit * 1_000_000 else { return }
        let megapixels = Double(header.pixelCount) / 1_000_000
        // Whole numbers read best; just over the limit, decimals show why it was refused.
        let shown = megapixels >= Double(limit + 1) ? String(Int(megapixels)) : String(format: "%.2f", megapixels)
        throw RuleError(
            "photo is \(shown) megapixels (\(header.width)x\(header.height)), over the \(limit) megapixel limit (max_megapixels)")
    }

    /// Crops each side down to a multiple of `multipleOf`, keeping the centre: at most
    /// `multipleOf - 1` pixels per axis, split between the two edges. Cropping instead of
    /// resizing keeps pixels sharp and the aspect ratio within a few pixels.
    func cropToMultiple(_ image: VipsImage) throws -> VipsImage {
        let step = max(1, settings.multipleOf)
        guard image.width >= step, image.height >= step else {
            throw RuleError(
                "photo is only \(image.width)x\(image.height) px, too small to be cut to a multiple of \(step) px (multiple_of)")
        }
        let width = image.width / step * step
        let height = image.height / step * step
        guard width != image.width || height != image.height else { return image }
        return try image.cropped(left: (image.width - width) / 2, top: (image.height - height) / 2,
                                 width: width, height: height)
    }
}
