import CVips

extension VipsImage {
    /// Opens the image file at `path` at full size, lazily (pixels are decoded when needed).
    /// For scaled loading prefer `thumbnail(path:...)`, which shrinks while decoding.
    public static func open(path: String, failOn: Vips.FailOn = .error) throws -> VipsImage {
        try make("load", source: path) { hf_vips_open(path, failOn.value) }
    }

    /// Decodes an encoded image (JPEG, PNG, WebP, AVIF, ...) held in memory. The pixels are
    /// copied out at once because libvips reads from the caller's buffer without copying it.
    public static func decode(_ bytes: [UInt8]) throws -> VipsImage {
        try bytes.withUnsafeBytes { buffer in
            let lazy = try make("load_buffer") { hf_vips_open_buffer(buffer.baseAddress, buffer.count) }
            return try lazy.inMemory()
        }
    }

    /// The image computed once and held in memory. Later operations and every encoder read
    /// these pixels instead of re-running the pipeline (and re-decoding the file) each time.
    public func inMemory() throws -> VipsImage {
        try derive("copy_memory") { vips_image_copy_memory(pointer) }
    }
}
