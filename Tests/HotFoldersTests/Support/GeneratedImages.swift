import Foundation
import Vips

/// Test images made with libvips itself, so the basic tests run where the shared corpus is absent.
enum GeneratedImages {
    /// An 8-bit sRGB image whose colour says where a pixel is: red grows left to right, green
    /// top to bottom. Each of the eight EXIF orientations sends these two directions somewhere
    /// else, so a photo turned the wrong way differs from the right one on most pixels.
    static func gradient(width: Int, height: Int) throws -> VipsImage {
        let xy = try VipsImage.coordinates(width: width, height: height)
        let red = try xy.extractBands(from: 0).linear(255 / Double(max(1, width - 1)), 0)
        let green = try xy.extractBands(from: 1).linear(255 / Double(max(1, height - 1)), 0)
        let blue = try VipsImage.black(width: width, height: height).linear(0, 64)
        return try VipsImage.joiningBands([red, green, blue]).cast(to: .uchar).labelled(.srgb)
    }

    /// A photo-like image (smooth Perlin structure in each band), 8-bit sRGB.
    static func photoLike(width: Int, height: Int, seed: Int = 1) throws -> VipsImage {
        let bands = try (0..<3).map { band in
            try VipsImage.perlin(width: width, height: height, cellSize: max(8, width / 6), seed: seed + band)
                .linear(110, 128)
        }
        return try VipsImage.joiningBands(bands).cast(to: .uchar).labelled(.srgb)
    }

    /// Writes `image` as a JPEG, optionally tagged with an EXIF orientation (the pixels are
    /// stored as given; a viewer would turn them by `orientation`).
    @discardableResult
    static func writeJPEG(_ image: VipsImage, to url: URL, orientation: Int? = nil, quality: Int = 95) throws -> URL {
        let tagged = try orientation.map { try image.withOrientation($0) } ?? image
        let bytes = try tagged.encoded(as: .jpeg, quality: quality, stripMetadata: orientation == nil)
        try Data(bytes).write(to: url)
        return url
    }

    @discardableResult
    static func writePNG(_ image: VipsImage, to url: URL, compression: Int = 1) throws -> URL {
        try Data(image.encoded(as: .png, quality: 100, effort: compression, stripMetadata: true)).write(to: url)
        return url
    }

    /// A 16-bit grey image: the darkest 16-bit value at the left, the brightest at the right.
    static func grey16(width: Int, height: Int) throws -> VipsImage {
        try VipsImage.coordinates(width: width, height: height).extractBands(from: 0)
            .linear(65535 / Double(max(1, width - 1)), 0).cast(to: .ushort).labelled(.grey16)
    }
}
