import Foundation
import Vips

/// One style of one photo handed to a generator: the image (already scaled to the generator's
/// `max_edge`), the style's fields and the seed, and where the photo comes from.
struct GeneratorJob: Sendable {
    var style: Style
    var image: VipsImage
    var seed: UInt32
    var album: String
    /// The original's path relative to its album folder.
    var file: String
    /// The stem the results are named after ("day 2/IMG_7").
    var baseName: String

    /// What `{field}` placeholders are filled from: the generator's `defaults`, then the style's
    /// fields over them, then what this job knows (`style`, `seed`, `width`, ...), with `lora`
    /// standing for the seed registry's `path` when the entry has no `lora` of its own.
    func values(defaults: [String: StyleValue]) -> [String: StyleValue] {
        var values = defaults
        for (key, value) in style.fields { values[key] = value }
        if values["lora"] == nil, let path = style.fields["path"] { values["lora"] = path }
        values["style"] = .text(style.name)
        values["seed"] = .integer(Int(seed))
        values["width"] = .integer(image.width)
        values["height"] = .integer(image.height)
        values["album"] = .text(album)
        values["file"] = .text(file)
        values["name"] = .text(baseName)
        return values
    }
}

/// What a generator made: the image, and what it said on the way.
struct GeneratorOutput: Sendable {
    var image: VipsImage
    /// The server's prediction id.
    var remoteID: String?
    /// The end of the command's stderr.
    var log: String?
}

extension VipsImage {
    /// A generator's result read back: 8-bit sRGB in memory, or a `StyleFailure` in plain words.
    static func generatorResult(_ bytes: [UInt8], from what: String) throws(StyleFailure) -> VipsImage {
        guard !bytes.isEmpty else { throw StyleFailure("\(what) is empty") }
        do {
            return try VipsImage.decode(bytes).srgb8().inMemory()
        } catch {
            throw StyleFailure("\(what) is not an image hotfolders can read", detail: "\(error)")
        }
    }
}
