import Foundation
import Vips

extension LookSettings {
    /// The photo in this look: the same size, 8-bit sRGB, transparency kept, computed into memory
    /// (so a libvips failure surfaces here, as this style's failure, not later at encoding).
    /// `seed` drives the looks with randomness (grain); the others ignore it.
    public func render(_ image: VipsImage, seed: UInt32) throws -> VipsImage {
        let source = image.bands < 3 ? try image.srgb8() : image
        let colour = source.hasAlpha ? try source.extractBands(from: 0, count: 3) : source
        var styled = try apply(to: colour, seed: seed).cast(to: .uchar)
        if source.hasAlpha { styled = try VipsImage.joiningBands([styled, source.extractBands(from: 3)]) }
        return try styled.labelled(.srgb).inMemory()
    }

    /// Pixel sizes in the parameters are for a 2048 px long edge.
    private func scale(of image: VipsImage) -> Double { Double(max(image.width, image.height)) / 2048 }

    private func apply(to image: VipsImage, seed: UInt32) throws -> VipsImage {
        switch look {
        case .bw:
            let weights = [self[number: "red"], self[number: "green"], self[number: "blue"]]
            let sum = weights.reduce(0, +)
            // A mix that adds up to nothing has no meaning as a grey; fall back to plain luma.
            let mix = abs(sum) < 0.01 ? Self.luma : weights.map { $0 / sum }
            let curve = ToneTable.contrast(self[number: "contrast"])
            return try Self.grey(image, mix).mapped(through: ToneTable(bands: [curve, curve, curve]).image())

        case .sepia:
            let curve = ToneTable.contrast(self[number: "contrast"])
            let hue = self[number: "hue"] * .pi / 180, chroma = self[number: "chroma"]
            let table = ToneTable(colours: { t in
                let tone = curve(t)
                let lightness = LookColour(red: tone * 255, green: tone * 255, blue: tone * 255).lab.l
                // Most colour in the midtones; shadows stay deep and highlights stay paper-white.
                let c = chroma * pow(4 * tone * (1 - tone), 0.7)
                return LookColour.fromLab(l: lightness, a: c * cos(hue), b: c * sin(hue))
            })
            return try Self.grey(image, Self.luma).mapped(through: table.image())

        case .duotone:
            let curve = ToneTable.contrast(self[number: "contrast"])
            let dark = self[colour: "shadows"].lab, light = self[colour: "highlights"].lab
            let table = ToneTable(colours: { t in
                let k = curve(t)
                return LookColour.fromLab(l: dark.l + (light.l - dark.l) * k, a: dark.a + (light.a - dark.a) * k,
                                          b: dark.b + (light.b - dark.b) * k)
            })
            return try Self.grey(image, Self.luma).mapped(through: table.image())

        case .warm, .cool:
            let a = self[number: "amount"]
            func lift(_ k: Double) -> (Double) -> Double { { t in pow(t, 1 / (1 + k)) } }
            func lower(_ k: Double) -> (Double) -> Double { { t in pow(t, 1 + k) } }
            let curves = look == .warm
                ? [lift(0.30 * a), lift(0.06 * a), lower(0.40 * a)]
                : [lower(0.30 * a), lift(0.02 * a), lift(0.30 * a)]
            return try image.mapped(through: ToneTable(bands: curves).image())

        case .pop:
            let sigma = self[number: "smoothing"] * scale(of: image)
            let smooth = sigma >= 0.3 ? try image.blurred(sigma: sigma) : image
            return try Self.flattened(smooth, levels: Int(self[number: "levels"].rounded()), saturation: self[number: "saturation"],
                                      colourStep: 28)

        case .pixelArt:
            let block = max(1, Int((Double(max(image.width, image.height)) / self[number: "pixels"]).rounded()))
            let small = block > 1 ? try image.blockAveraged(block) : image
            let flat = try Self.flattened(small, levels: Int(self[number: "levels"].rounded()), saturation: self[number: "saturation"],
                                          colourStep: 18).cast(to: .uchar)
            guard block > 1 else { return flat }
            return try flat.enlarged(by: block).extended(width: image.width, height: image.height)

        case .pencil:
            // Colour dodge of the grey by its own blur: flat areas divide to 1 (white paper), and
            // the dark side of every edge to less: the strokes.
            let grey = try image.recombined([Self.luma]).linear(1, 1)
            // Below about 1.5 px the blur is no blur at all on small images, and nothing is drawn.
            let sigma = max(1.5, self[number: "radius"] * scale(of: image))
            let ratio = try grey.dividing(by: grey.blurred(sigma: sigma)).linear(255, 0).cast(to: .uchar)
            let darkness = self[number: "darkness"]
            let stroke: (Double) -> Double = { t in pow(t, darkness) }
            return try ratio.mapped(through: ToneTable(bands: [stroke, stroke, stroke]).image())

        case .vignette:
            return try image.multiplying(by: vignetteMask(width: image.width, height: image.height))

        case .grain:
            return try grained(image, seed: seed)
        }
    }

    /// Rec. 601 luma weights: the grey a photographer expects from "desaturate".
    static let luma = [0.299, 0.587, 0.114]

    /// One 8-bit grey band mixed from the channels with `weights`.
    private static func grey(_ image: VipsImage, _ weights: [Double]) throws -> VipsImage {
        try image.recombined([weights]).cast(to: .uchar)
    }

    /// Flat areas of few colours: lightness cut to `levels` tones and colour (CIE a, b, boosted by
    /// `saturation`) to steps of `colourStep`, in Lab so greys stay grey (cutting each of R, G and
    /// B apart turns a grey sky lavender or cyan, wherever its channels fall on different sides
    /// of a step).
    private static func flattened(_ image: VipsImage, levels: Int, saturation: Double, colourStep: Double) throws -> VipsImage {
        let lab = try image.colourspace(.lab, from: .srgb)
        let lightness = try lab.extractBands(from: 0).linear(2.55, 0).cast(to: .uchar)
            .mapped(through: ToneTable(ToneTable.posterize(levels)).image()).linear(100.0 / 255, 0)
        // a and b, centred on 128 to fit 8 bits, each rounded to a multiple of the step around 0.
        let step = ToneTable { t in
            let v = t * 255 - 128
            return (128 + (v / colourStep).rounded() * colourStep) / 255
        }
        let colour = try lab.extractBands(from: 1, count: 2).linear([saturation, saturation], [128, 128]).cast(to: .uchar)
            .mapped(through: step.image()).linear([1, 1], [-128, -128])
        return try VipsImage.joiningBands([lightness, colour]).labelled(.lab).colourspace(.srgb, from: .lab)
    }

    /// Gain 1 in the middle falling smoothly to `1 - amount` in the corners, following the frame's
    /// shape. Worked out on a small grid and scaled up: the falloff is smooth, so nothing is lost.
    private func vignetteMask(width: Int, height: Int) throws -> VipsImage {
        let amount = self[number: "amount"], start = self[number: "midpoint"]
        let long = 256
        let w = width >= height ? long : max(2, long * width / max(height, 1))
        let h = width >= height ? max(2, long * height / max(width, 1)) : long
        var gains: [Double] = []
        gains.reserveCapacity(w * h)
        for y in 0..<h {
            for x in 0..<w {
                let dx = (Double(x) + 0.5) / Double(w) * 2 - 1, dy = (Double(y) + 0.5) / Double(h) * 2 - 1
                let r = (dx * dx + dy * dy).squareRoot() / 2.0.squareRoot()
                let t = start >= 1 ? 0 : ((r - start) / (1 - start)).clamped(to: 0...1)
                gains.append(1 - amount * t * t * (3 - 2 * t))
            }
        }
        return try VipsImage.fromValues(gains, width: w, height: h).resized(width: width, height: height)
    }

    /// Gaussian noise from `seed`, as big as `size`, strongest in the midtones as in film, the same
    /// on every channel (monochrome grain, as in most film stocks).
    private func grained(_ image: VipsImage, seed: UInt32) throws -> VipsImage {
        let amount = self[number: "amount"]
        guard amount > 0 else { return image }
        var noise = try VipsImage.gaussianNoise(width: image.width, height: image.height, mean: 0, sigma: amount,
                                                seed: Int(Int32(bitPattern: seed)))
        let size = self[number: "size"] * scale(of: image)
        if size >= 0.5 {
            // A blur of white noise by sigma s lowers its deviation by 2·√π·s: put it back.
            noise = try noise.blurred(sigma: size).linear(2 * Double.pi.squareRoot() * size, 0)
        }
        let weight = try Self.grey(image, Self.luma)
            .mapped(through: ToneTable { t in 0.35 + 0.65 * 4 * t * (1 - t) }.image())
            .linear(1.0 / 255, 0)
        return try image.adding(noise.multiplying(by: weight))
    }
}
