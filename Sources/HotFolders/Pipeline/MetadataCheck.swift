import Exif
import Glibc
import Vips

/// Reads an encoded output back and checks that it holds to its metadata policy. It runs on
/// the exact bytes `OutboxWriter` then writes, before they are written, so an output that
/// would publish a position by mistake never reaches the outbox: the photo fails instead.
/// Only the header is parsed (libvips opens the bytes without decoding a pixel, libexif reads
/// the EXIF block): well under a millisecond per output.
///
/// - `strip`: no EXIF, XMP, IPTC or text comments.
/// - `web`: no EXIF tag outside `PublishedEXIF` (so no GPS, serial number, maker note or
///   preview), no XMP, IPTC or comments, and every published tag the original had, as it had it.
/// - `keep`: EXIF when the original had it, a GPS position exactly when the original had one,
///   XMP and IPTC when the original had them and the format carries them, the published tags
///   as the original had them.
/// - all: Orientation 1 or none, since the pixels are already upright.
struct MetadataCheck {
    var policy: MetadataPolicy
    var format: OutputFormat

    /// What the original carried, as far as the check needs it.
    struct Source {
        var exif: ExifData?
        var hasXMP = false
        var hasIPTC = false

        init(_ image: VipsImage?) {
            guard let image else { return }
            exif = image.exifData.flatMap { try? ExifData(block: $0) }
            hasXMP = image.hasField("xmp-data")
            hasIPTC = image.hasField("iptc-data")
        }
    }

    /// What an encoded output carries, read from its header.
    struct Carried {
        /// Present but unreadable is kept apart from absent: it fails every policy but `keep`'s
        /// "lost" check would not say why.
        var exifBlock: [UInt8]?
        var exif: ExifData?
        var hasXMP: Bool
        var hasIPTC: Bool
        var comments: [String]

        init(_ bytes: [UInt8]) throws {
            let fields = try VipsImage.withHeader(of: bytes) { image in
                (image.exifData, image.fieldNames)
            }
            exifBlock = fields.0
            exif = exifBlock.flatMap { try? ExifData(block: $0) }
            // libvips 8.14 reads an AVIF's XMP back as `heif-mime-<n>`, not `xmp-data`. The raw
            // search for the packet's namespace does not depend on how a loader names it.
            hasXMP = fields.1.contains("xmp-data") || fields.1.contains { $0.hasPrefix("heif-mime-") }
                || Self.contains(bytes, "adobe:ns:meta/") || Self.contains(bytes, "http://ns.adobe.com/xap/1.0/")
            hasIPTC = fields.1.contains("iptc-data")
            comments = fields.1.filter { $0.hasPrefix("png-comment-") }
        }

        /// Whether `needle` occurs in `bytes`: memchr to each candidate first byte, then memcmp
        /// (glibc's memmem is not visible to Swift without _GNU_SOURCE).
        static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
            let pattern = Array(needle.utf8)
            guard let first = pattern.first else { return true }
            return bytes.withUnsafeBytes { haystack in
                pattern.withUnsafeBytes { pattern in
                    guard let base = haystack.baseAddress, let wanted = pattern.baseAddress, haystack.count >= pattern.count
                    else { return false }
                    let last = base + (haystack.count - pattern.count)
                    var cursor = base
                    while cursor <= last, let hit = memchr(cursor, Int32(first), last - cursor + 1) {
                        if memcmp(hit, wanted, pattern.count) == 0 { return true }
                        cursor = UnsafeRawPointer(hit) + 1
                    }
                    return false
                }
            }
        }
    }

    /// Throws a `RuleError` naming what `bytes` would have published (or lost) against the
    /// policy; `output` names the output in it ("web", "512").
    func verify(_ bytes: [UInt8], source: Source, output: String) throws {
        let carried: Carried
        do {
            carried = try Carried(bytes)
        } catch {
            throw RuleError("the \(output) output could not be read back to check its metadata; it was not written",
                            detail: "\(error)")
        }
        let problems = problems(carried, source: source)
        guard let first = problems.first else { return }
        throw RuleError("the \(output) output \(first) (metadata = \"\(policy.rawValue)\"); it was not written",
                        detail: problems.count > 1 ? problems.dropFirst().joined(separator: "; ") : nil)
    }

    /// Each way the output breaks its policy, most serious first, in plain words.
    func problems(_ carried: Carried, source: Source) -> [String] {
        var problems: [String] = []
        if carried.exifBlock != nil, carried.exif == nil, policy != .strip {
            problems.append("has an EXIF block that cannot be read back")
        }
        switch policy {
        case .strip:
            if carried.exifBlock != nil { problems.append("would have published EXIF metadata") }
        case .web:
            problems += leaks(in: carried.exif)
            problems += losses(carried.exif, source: source)
        case .keep:
            if format.carriesEXIF, let original = source.exif {
                if let exif = carried.exif {
                    if Self.hasPosition(original) && !Self.hasPosition(exif) {
                        problems.append("would have lost the photo's GPS position")
                    }
                    if !Self.hasPosition(original) && Self.hasPosition(exif) {
                        problems.append("would have carried a GPS position the original does not have")
                    }
                } else if carried.exifBlock == nil {
                    problems.append("would have lost the photo's EXIF metadata")
                }
            }
            problems += losses(carried.exif, source: source)
            if source.hasXMP, format.carriesXMP, !carried.hasXMP { problems.append("would have lost the photo's XMP metadata") }
            if source.hasIPTC, format.carriesIPTC, !carried.hasIPTC { problems.append("would have lost the photo's IPTC metadata") }
        }
        if policy != .keep {
            if carried.hasXMP { problems.append("would have published XMP metadata, which can hold a position and serial numbers") }
            if carried.hasIPTC { problems.append("would have published IPTC metadata, which can hold a place and contacts") }
            if !carried.comments.isEmpty {
                problems.append("would have published text comments (\(carried.comments.joined(separator: ", ")))")
            }
        }
        if let orientation = carried.exif?.entry(.orientation, in: .zero)?.integers.first, orientation != 1 {
            problems.append("would have told viewers to turn the upright photo again (Orientation \(orientation))")
        }
        return problems
    }

    /// What a `web` output carries beyond `PublishedEXIF`, the position first.
    private func leaks(in exif: ExifData?) -> [String] {
        guard let exif else { return [] }
        var problems: [String] = []
        if exif.hasEntries(in: .gps) { problems.append("would have published the photo's GPS position") }
        if exif.hasEntries(in: .one) { problems.append("would have published the EXIF preview of the original picture") }
        var others: [String] = []
        for ifd in [ExifIFD.zero, .exif, .interoperability] {
            for entry in exif.entries(in: ifd) where !PublishedEXIF.allows(entry.tag, in: ifd) {
                if let what = PublishedEXIF.identifying[entry.tag] {
                    problems.append("would have published \(what)")
                } else {
                    others.append(entry.name)
                }
            }
        }
        if !others.isEmpty {
            problems.append("would have published EXIF tags its policy leaves out (\(others.joined(separator: ", ")))")
        }
        return problems
    }

    /// Published tags the original has that the output lacks or changed.
    private func losses(_ exif: ExifData?, source: Source) -> [String] {
        guard format.carriesEXIF, let original = source.exif else { return [] }
        var lost: [String] = []
        for (ifd, tags) in PublishedEXIF.tags {
            for tag in tags {
                guard let wanted = original.entry(tag, in: ifd), !wanted.bytes.isEmpty else { continue }
                if let found = exif?.entry(tag, in: ifd), Self.sameValue(found, wanted) { continue }
                lost.append(wanted.name)
            }
        }
        guard !lost.isEmpty else { return [] }
        return ["would have lost or changed the photo's \(lost.sorted().joined(separator: ", "))"]
    }

    /// A latitude and a longitude: a GPS IFD can be there without them (empty, or a camera's
    /// pointer to its EXIF IFD read again, whose tags mean nothing as GPS tags).
    static func hasPosition(_ exif: ExifData) -> Bool {
        exif.entry(.gpsLatitude, in: .gps) != nil && exif.entry(.gpsLongitude, in: .gps) != nil
    }

    /// Equal as read: text up to its first NUL, numbers by value (libexif may store a number in
    /// another integer width than the original did).
    static func sameValue(_ a: ExifEntry, _ b: ExifEntry) -> Bool {
        if let text = a.text { return text == b.text }
        if !a.rationals.isEmpty { return a.rationals == b.rationals }
        if !a.integers.isEmpty { return a.integers == b.integers }
        return a.bytes == b.bytes
    }
}

extension OutputFormat {
    // Measured with libvips 8.14.1 (Debian 12): all four formats write the EXIF block (PNG as an
    // eXIf chunk, WebP as an EXIF chunk, AVIF as an Exif item) and XMP (AVIF as an XMP item,
    // read back as `heif-mime-<n>`); only JPEG writes IPTC.
    var carriesEXIF: Bool { true }
    var carriesXMP: Bool { true }
    var carriesIPTC: Bool { self == .jpeg }
}
