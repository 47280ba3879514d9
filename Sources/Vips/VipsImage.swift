import CVips

/// An image held by libvips. Owns one reference to the underlying `VipsImage` and drops it in
/// `deinit`, so images can be passed between tasks like values. libvips images are immutable
/// and reference counted across threads, hence `@unchecked Sendable`. Most images are lazy:
/// a pipeline of operations that runs when pixels are asked for (saving, `inMemory()`).
public final class VipsImage: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<CVips.VipsImage>
    /// The file this image was read from, handed on to every image made from it: a failure
    /// then keeps the lines of libvips's shared error buffer that name this file, and drops
    /// those naming another photo's (see `VipsErrorLog`).
    let source: String?

    /// Takes ownership of a reference the caller already holds.
    init(owning pointer: UnsafeMutablePointer<CVips.VipsImage>, source: String? = nil) {
        self.pointer = pointer
        self.source = source
    }

    deinit { hf_vips_unref(pointer) }

    public var width: Int { Int(vips_image_get_width(pointer)) }
    public var height: Int { Int(vips_image_get_height(pointer)) }
    public var bands: Int { Int(vips_image_get_bands(pointer)) }
    public var interpretation: Interpretation { Interpretation(vips_image_get_interpretation(pointer)) }
    public var bandFormat: BandFormat { BandFormat(vips_image_get_format(pointer)) }
    /// True when the last band is transparency (RGBA, grey + alpha, CMYK + alpha).
    public var hasAlpha: Bool { vips_image_hasalpha(pointer) != 0 }

    /// The EXIF orientation libvips will apply when rotating upright (1-8; 1 when absent or
    /// out of range). HEIF loaders rotate while decoding and report 1.
    public var orientation: Int {
        var value: Int32 = 1
        guard vips_image_get_typeof(pointer, "orientation") != 0,
              vips_image_get_int(pointer, "orientation", &value) == 0,
              (1...8).contains(value) else { return 1 }
        return Int(value)
    }

    /// The libvips loader that opened the file ("jpegload", "heifload"), if the image came from one.
    public var loader: String? { string("vips-loader") }

    /// Whether an ICC colour profile is attached.
    public var hasICCProfile: Bool { vips_image_get_typeof(pointer, "icc-profile-data") != 0 }

    func string(_ field: String) -> String? {
        guard vips_image_get_typeof(pointer, field) != 0 else { return nil }
        var value: UnsafePointer<CChar>?
        guard vips_image_get_string(pointer, field, &value) == 0, let value else { return nil }
        return String(cString: value)
    }

    /// Runs one libvips operation that writes a new image to an out-pointer, turning a
    /// failure into a `VipsError` with libvips's message. `source`: the file being read, if any.
    static func make(
        _ operation: String, source: String? = nil,
        _ call: (UnsafeMutablePointer<UnsafeMutablePointer<CVips.VipsImage>?>) -> Int32
    ) throws -> VipsImage {
        try Vips.ensureStarted()
        var out: UnsafeMutablePointer<CVips.VipsImage>?
        try VipsErrorLog.attempt(operation, source: source) {
            let result = call(&out)
            if result != 0, let made = out {
                hf_vips_unref(made)
                out = nil
            }
            return result == 0 && out != nil
        }
        return VipsImage(owning: out!, source: source)
    }

    /// Wraps a call that returns a new image (or NULL on failure).
    static func make(_ operation: String, source: String? = nil,
                     _ call: () -> UnsafeMutablePointer<CVips.VipsImage>?) throws -> VipsImage {
        try Vips.ensureStarted()
        var out: UnsafeMutablePointer<CVips.VipsImage>?
        try VipsErrorLog.attempt(operation, source: source) {
            out = call()
            return out != nil
        }
        return VipsImage(owning: out!, source: source)
    }

    /// An operation on this image: the new image comes from the same file.
    func derive(
        _ operation: String,
        _ call: (UnsafeMutablePointer<UnsafeMutablePointer<CVips.VipsImage>?>) -> Int32
    ) throws -> VipsImage {
        try Self.make(operation, source: source, call)
    }

    func derive(_ operation: String, _ call: () -> UnsafeMutablePointer<CVips.VipsImage>?) throws -> VipsImage {
        try Self.make(operation, source: source, call)
    }

    /// A libvips call on this image that returns a status (0: done), such as a measurement.
    func check(_ operation: String, _ call: () -> Int32) throws {
        try Vips.ensureStarted()
        try VipsErrorLog.attempt(operation, source: source) { call() == 0 }
    }
}
