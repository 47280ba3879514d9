import CVips

// Named fields: what libvips calls an image's metadata. Loaders attach them ("exif-data",
// "exif-ifd0-Artist", "xmp-data", "icc-profile-data", ...), operations pass them on from their
// first input, and savers write some of them back (which ones depends on the format).
extension VipsImage {
    /// Every field of the image: the header's own (width, height, ...) and the metadata a loader
    /// or an operation attached.
    public var fieldNames: [String] {
        guard let names = vips_image_get_fields(pointer) else { return [] }
        defer { g_strfreev(names) }
        var result: [String] = []
        var index = 0
        while let name = names[index] {
            result.append(String(cString: name))
            index += 1
        }
        return result
    }

    /// Whether the image has a field of that name (a header field or metadata).
    public func hasField(_ name: String) -> Bool {
        vips_image_get_typeof(pointer, name) != 0
    }

    /// The same pixels (shared, nothing is computed) with other metadata: every field `remove`
    /// picks is dropped, then every field of `source` that `copy` picks is copied over, values
    /// as they are (blobs are shared, not duplicated). Setting `exif-data` makes libvips parse
    /// the block into fields again (every `exif-ifd*` tag, `orientation`, the EXIF preview), so
    /// afterwards the fields `remove` picks and `copy` does not are dropped once more. Header
    /// fields (width, bands, ...) are never touched. libvips images are shared once made, hence
    /// the copy: the fields of `self` and `source` stay as they were.
    public func replacingFields(removing remove: (String) -> Bool, copying copy: (String) -> Bool,
                                from source: VipsImage?) throws -> VipsImage {
        let result = try derive("copy") { out in hf_vips_copy(pointer, out) }
        for name in result.fieldNames where remove(name) {
            _ = vips_image_remove(result.pointer, name)
        }
        guard let source else { return result }
        for name in source.fieldNames where copy(name) {
            var value = GValue()
            try source.check("image_get \(name)") { vips_image_get(source.pointer, name, &value) }
            vips_image_set(result.pointer, name, &value)
            g_value_unset(&value)
        }
        for name in result.fieldNames where remove(name) && !copy(name) {
            _ = vips_image_remove(result.pointer, name)
        }
        return result
    }

    /// A copy with string fields set. Saving writes an `exif-ifdN-Name` field into the EXIF
    /// block as that tag (libvips parses the value back: text for ASCII tags, "1/200" for
    /// rationals), which is how a tag is added to or changed in an image's EXIF.
    public func settingText(_ fields: [String: String]) throws -> VipsImage {
        let result = try derive("copy") { out in hf_vips_copy(pointer, out) }
        for (name, value) in fields {
            vips_image_set_string(result.pointer, name, value)
        }
        return result
    }

    /// Opens encoded bytes (JPEG, PNG, WebP, AVIF, ...) for their header and metadata fields only,
    /// decoding no pixel, and hands the image to `body`. libvips reads from `bytes` in place, so
    /// the image must not be kept past the call.
    public static func withHeader<T>(of bytes: [UInt8], _ body: (VipsImage) throws -> T) throws -> T {
        try bytes.withUnsafeBytes { buffer in
            let image = try make("load_buffer") { hf_vips_open_buffer(buffer.baseAddress, buffer.count) }
            return try body(image)
        }
    }
}

extension VipsImage {
    /// The same image with every blob field (EXIF, XMP, IPTC, ICC profile) copied into memory
    /// the image owns. libvips 8.14's HEIF loader attaches its metadata as blobs pointing into
    /// memory owned by the loader's own image, freed once the loader is released: any image made
    /// from it keeps a dangling pointer, and an HEIC photo's EXIF turns to garbage under load.
    /// Call this while the chain that read the file is still alive.
    public func owningBlobs() throws -> VipsImage {
        let result = try derive("copy") { out in hf_vips_copy(pointer, out) }
        for name in fieldNames where vips_image_get_typeof(pointer, name) == vips_blob_get_type() {
            var data: UnsafeRawPointer?
            var length = 0
            guard vips_image_get_blob(pointer, name, &data, &length) == 0, let data, length > 0 else { continue }
            vips_image_set_blob_copy(result.pointer, name, data, length)
        }
        return withExtendedLifetime(self) { result }
    }
}
