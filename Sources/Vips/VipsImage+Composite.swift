import CVips

extension Vips {
    /// What fills the new pixels when an image is placed in a larger canvas.
    public enum Extend: Sendable {
        /// Zero in every band.
        case black
        /// The image again, as tiles: placing it at `x` shifts the pattern by `x`.
        case repeating

        var value: VipsExtend {
            switch self {
            case .black: VIPS_EXTEND_BLACK
            case .repeating: VIPS_EXTEND_REPEAT
            }
        }
    }
}

extension VipsImage {
    /// An image of this one's size and band format whose every pixel is `values` (one per
    /// band of the result). Costs no memory: libvips computes it on demand.
    public func filled(with values: [Double]) throws -> VipsImage {
        precondition(!values.isEmpty, "filled: no band values")
        return try derive("new_from_image") { vips_image_new_from_image(pointer, values, Int32(values.count)) }
    }

    /// Placed at (`x`, `y`) in a `width` x `height` canvas, the rest filled as `extend` says.
    public func embedded(x: Int, y: Int, width: Int, height: Int, extend: Vips.Extend = .black) throws -> VipsImage {
        try derive("embed") { out in
            hf_vips_embed(pointer, out, Int32(clamping: x), Int32(clamping: y), Int32(clamping: width),
                          Int32(clamping: height), extend.value)
        }
    }

    /// This image with `other` pasted over it, top-left corner at (`x`, `y`); the parts of
    /// `other` outside this image are cut off. `other` is converted to this image's format.
    public func inserting(_ other: VipsImage, x: Int, y: Int) throws -> VipsImage {
        try derive("insert") { out in hf_vips_insert(pointer, other.pointer, out, Int32(clamping: x), Int32(clamping: y)) }
    }

    /// `other` joined below this image (the narrower one is padded with black on the right).
    public func joined(above other: VipsImage) throws -> VipsImage {
        try derive("join") { out in hf_vips_join(pointer, other.pointer, out, VIPS_DIRECTION_VERTICAL) }
    }

    /// `top` laid over this image through `mask`, a one-band 8-bit image: where the mask is
    /// 255 the result is `top`, where it is 0 this image, and a weighted mean between. All
    /// three the same size; `top` and this image the same bands. 8-bit in, 8-bit out.
    public func blending(_ top: VipsImage, mask: VipsImage) throws -> VipsImage {
        try derive("ifthenelse") { out in hf_vips_ifthenelse_blend(mask.pointer, top.pointer, pointer, out) }
    }

    /// Turned by `degrees` clockwise about its centre (bilinear); the result is the bounding
    /// box of the turned image, its corners black.
    public func rotated(by degrees: Double) throws -> VipsImage {
        try derive("rotate") { out in hf_vips_rotate(pointer, out, degrees) }
    }

    /// The image repeated `across` times side by side and `down` times top to bottom.
    public func replicated(across: Int, down: Int) throws -> VipsImage {
        try derive("replicate") { out in
            hf_vips_replicate(pointer, out, Int32(clamping: max(1, across)), Int32(clamping: max(1, down)))
        }
    }

    /// Each pixel replaced by the largest value within about `radius` pixels (a disc, drawn as
    /// an octagon): a dilation, which grows ink outwards by `radius` all round and keeps round
    /// letters round. It is built from 3 x 3 steps because libvips 8.14's rank filter switches to
    /// a histogram method for windows over 10 x 10 px, whose maximum runs along whole rows (the
    /// outline of large letters became solid slabs). A radius over `maxSteps` is reached on a
    /// copy reduced by a whole factor and enlarged back, so the cost stays bounded however large
    /// the letters; the enlarged rim is soft, which an outline may be.
    public func dilated(radius: Int) throws -> VipsImage {
        let maxSteps = 4  // 3 x 3 steps at full size; beyond, on a reduced copy
        guard radius > 0 else { return self }
        let factor = Int((Double(radius) / Double(max(1, maxSteps))).rounded(.up))
        guard factor > 1 else { return try dilatedInSteps(radius) }
        // Whole blocks only: the reduced copy then maps back onto this image exactly.
        let across = (width + factor - 1) / factor, down = (height + factor - 1) / factor
        let small = try embedded(x: 0, y: 0, width: across * factor, height: down * factor).blockAveraged(factor)
        let grown = try small.dilatedInSteps(Int((Double(radius) / Double(factor)).rounded()))
        // Averaging thinned fine strokes: doubling brings their rim back to full strength.
        return try grown.resized(scale: Double(factor)).linear(2, 0).cast(to: bandFormat)
            .cropped(left: 0, top: 0, width: width, height: height)
    }

    /// `steps` 3 x 3 dilations, square and cross in turn: an octagon of radius `steps`.
    private func dilatedInSteps(_ steps: Int) throws -> VipsImage {
        var image = self
        for step in 0..<max(0, steps) {
            image = step.isMultiple(of: 2) ? try image.ranked(3, 3) : try .largest(of: [image.ranked(3, 1), image.ranked(1, 3)])
        }
        return image
    }

    /// The largest value in a `across` x `down` window around each pixel (windows this small
    /// use libvips's direct method).
    private func ranked(_ across: Int, _ down: Int) throws -> VipsImage {
        try derive("rank") { out in
            hf_vips_rank(pointer, out, Int32(across), Int32(down), Int32(across * down - 1))
        }
    }

    /// Per pixel, the largest value of `images` (all one size and format).
    static func largest(of images: [VipsImage]) throws -> VipsImage {
        var pointers: [UnsafeMutablePointer<CVips.VipsImage>?] = images.map { $0.pointer }
        return try withExtendedLifetime(images) {
            try make("bandrank", source: images.first?.source) { out in
                hf_vips_bandrank_max(&pointers, out, Int32(pointers.count))
            }
        }
    }

    /// The largest value of any band of any pixel.
    public func maximum() throws -> Double {
        var value = 0.0
        try check("max") { hf_vips_max(pointer, &value) }
        return value
    }
}


extension VipsImage {
    /// Each colour band multiplied by the alpha band (0-1), as float: what averaging and
    /// resampling an image with transparency must work on.
    public func premultiplied() throws -> VipsImage {
        try derive("premultiply") { out in hf_vips_premultiply(pointer, out) }
    }

    /// The inverse of `premultiplied()` (float).
    public func unpremultiplied() throws -> VipsImage {
        try derive("unpremultiply") { out in hf_vips_unpremultiply(pointer, out) }
    }
}
