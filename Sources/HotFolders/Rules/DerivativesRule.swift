import Vips

/// The `derivatives` rule: the responsive sizes of a photo, every size in every format, cut
/// from the preprocessed image already in memory (the file is not decoded again). Each size is
/// resampled once and held in memory while its formats are encoded from it; encoding and
/// naming happen with the other outputs at the end of the pipeline.
///
/// Variant folders are named by the long edge (`256`, `512`, `1024`), so the outbox reads
/// `outbox/<Album>/512/IMG_1.avif`: what a `srcset` lists.
public struct DerivativesRule: Rule {
    public var kind: RuleKind { .derivatives }
    public var settings: DerivativesSettings

    public init(settings: DerivativesSettings) {
        self.settings = settings
    }

    public func apply(to photo: inout PhotoWork, in context: RuleContext) async throws {
        guard let image = photo.image else {
            throw RuleError("derivatives need the preprocessed photo: put \"preprocess\" before \"derivatives\" in rules")
        }
        for (edge, sized) in try sizes(of: image) {
            for format in settings.formats {
                photo.outputs.append(PlannedOutput(variant: String(edge), image: sized, encoding: settings.encoding(for: format)))
            }
        }
    }

    /// Each size to make with its image: scaled so its long edge is the size. Sizes above the
    /// photo's own long edge are left out (never enlarged), except the smallest, which is then
    /// the photo at its own size, so every photo has at least one derivative.
    func sizes(of image: VipsImage) throws -> [(edge: Int, image: VipsImage)] {
        let long = max(image.width, image.height)
        let wanted = settings.sizes.sorted()
        var result: [(Int, VipsImage)] = []
        for (index, edge) in wanted.enumerated() {
            if edge > long && index > 0 { break }
            do {
                let sized = edge >= long ? image : try image.resized(scale: Double(edge) / Double(long)).inMemory()
                result.append((edge, sized))
            } catch let error as VipsError {
                throw RuleError("the \(edge) px derivative could not be made", detail: error.message)
            }
        }
        return result
    }
}
