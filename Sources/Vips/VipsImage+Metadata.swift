import CVips

extension VipsImage {
    /// The raw EXIF block the loader found (libvips's `exif-data` field), as the container
    /// stores it; nil when the file has none. Opening a file reads only its header, so this is
    /// cheap for HEIC/HEIF, PNG, WebP, TIFF and AVIF alike.
    public var exifData: [UInt8]? {
        guard vips_image_get_typeof(pointer, "exif-data") != 0 else { return nil }
        var data: UnsafeRawPointer?
        var length = 0
        guard vips_image_get_blob(pointer, "exif-data", &data, &length) == 0, let data, length > 0 else { return nil }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }

    /// The EXIF block of the image file at `path`, read from its header without decoding pixels.
    public static func exifData(path: String) throws -> [UInt8]? {
        try make("header", source: path) { hf_vips_open_header(path) }.exifData
    }
}

extension VipsImage {
    /// The orientation tag exactly as the loader found it (a TIFF's own Orientation, say), or
    /// nil when the file has none. Unlike `orientation`, an absent tag is not reported as 1.
    public var storedOrientation: Int? {
        guard vips_image_get_typeof(pointer, "orientation") != 0 else { return nil }
        var value: Int32 = 0
        guard vips_image_get_int(pointer, "orientation", &value) == 0 else { return nil }
        return Int(value)
    }

    /// `storedOrientation` of the image file at `path`, from its header.
    public static func storedOrientation(path: String) throws -> Int? {
        try make("header", source: path) { hf_vips_open_header(path) }.storedOrientation
    }
}
