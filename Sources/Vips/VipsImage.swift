import CVips

/// An image held by libvips. Owns one reference to the underlying `VipsImage` and drops it in
/// `deinit`, so images can be passed between tasks like values. libvips images are immutable
/// and reference counted across threads, hence `@unchecked Sendable`.
public final class VipsImage: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<CVips.VipsImage>

    /// Takes ownership of a reference the caller already holds.
    init(owning pointer: UnsafeMutablePointer<CVips.VipsImage>) {
        self.pointer = pointer
    }

    deinit { hf_vips_unref(pointer) }

    public var width: Int { Int(vips_image_get_width(pointer)) }
    public var height: Int { Int(vips_image_get_height(pointer)) }
    public var bands: Int { Int(vips_image_get_bands(pointer)) }
}
