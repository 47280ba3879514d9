import CVips

extension VipsImage {
    /// An all-zero image (8-bit, `bands` bands).
    public static func black(width: Int, height: Int, bands: Int = 1) throws -> VipsImage {
        try make("black") { out in
            hf_vips_black(out, Int32(clamping: width), Int32(clamping: height), Int32(clamping: bands))
        }
    }

    /// A two-band image whose pixel at (x, y) holds x and y: the base of gradients whose
    /// direction shows any rotation or mirroring.
    public static func coordinates(width: Int, height: Int) throws -> VipsImage {
        try make("xyz") { out in hf_vips_xyz(out, Int32(clamping: width), Int32(clamping: height)) }
    }

    /// Gaussian noise (float, one band) with the given mean and standard deviation.
    public static func gaussianNoise(width: Int, height: Int, mean: Double = 128, sigma: Double = 30,
                                     seed: Int = 0) throws -> VipsImage {
        try make("gaussnoise") { out in
            hf_vips_gaussnoise(out, Int32(clamping: width), Int32(clamping: height), mean, sigma, Int32(truncatingIfNeeded: seed))
        }
    }

    /// Perlin noise (float, one band, about -1...1): smooth, photo-like structure.
    public static func perlin(width: Int, height: Int, cellSize: Int = 256, seed: Int = 0) throws -> VipsImage {
        try make("perlin") { out in
            hf_vips_perlin(out, Int32(clamping: width), Int32(clamping: height), Int32(clamping: cellSize),
                           Int32(truncatingIfNeeded: seed))
        }
    }

    /// Every value `v` replaced by `a * v + b` (as float).
    public func linear(_ a: Double, _ b: Double) throws -> VipsImage {
        try derive("linear") { out in hf_vips_linear1(pointer, out, a, b) }
    }
}
