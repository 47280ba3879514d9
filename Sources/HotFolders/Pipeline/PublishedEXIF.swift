import Exif

/// The EXIF tags a `web` output publishes, and the housekeeping tags libvips writes into every
/// EXIF block it saves. Anything else found in a `web` output fails it (`MetadataCheck`).
enum PublishedEXIF {
    /// Copied from the original when it has them: the photographer's credit, when the photo was
    /// taken (with its offset from UTC and sub-seconds), and what took it, in plain words and
    /// numbers. Left out on purpose: the GPS IFD; BodySerialNumber, LensSerialNumber,
    /// CameraSerialNumber, ImageUniqueID and CameraOwnerName (each ties every published photo
    /// to one camera body or its owner; Artist and Copyright are the credit the photographer
    /// chose to give); MakerNote (private layouts holding serials, sometimes a position or the
    /// names of recognised faces); ImageDescription and UserComment (free text that can name a
    /// place); Software and the rest, which say nothing a viewer needs.
    static let tags: [ExifIFD: Set<ExifTag>] = [
        .zero: [.artist, .copyright, .dateTime, .make, .model],
        .exif: [.exifVersion, .dateTimeOriginal, .dateTimeDigitized, .offsetTime, .offsetTimeOriginal,
                .offsetTimeDigitized, .subSecTime, .subSecTimeOriginal, .subSecTimeDigitized, .exposureTime,
                .fNumber, .isoSpeedRatings, .exposureBiasValue, .flash, .focalLength, .focalLengthIn35mmFilm,
                .lensMake, .lensModel],
    ]

    /// Written by libvips on every save from the image itself (its size, resolution, and
    /// Orientation 1 once the pixels are upright), plus the tags libexif adds to a block it
    /// makes from nothing (JPEG, WebP and AVIF get one even when the original had no EXIF).
    /// They describe the output, not the photo's subject, owner or place.
    static let housekeeping: [ExifIFD: Set<ExifTag>] = [
        .zero: [.orientation, .xResolution, .yResolution, .resolutionUnit, .yCbCrPositioning],
        .exif: [.pixelXDimension, .pixelYDimension, .exifVersion, .componentsConfiguration, .flashpixVersion, .colorSpace],
    ]

    /// Named in the reason a `web` output fails for: the ones a reader should know were about
    /// to be published.
    static let identifying: [ExifTag: String] = [
        .bodySerialNumber: "the camera's serial number (BodySerialNumber)",
        .cameraSerialNumber: "the camera's serial number (CameraSerialNumber)",
        .lensSerialNumber: "the lens's serial number (LensSerialNumber)",
        .imageUniqueID: "the camera's unique ID of the shot (ImageUniqueID)",
        .cameraOwnerName: "the camera owner's name (CameraOwnerName)",
        .makerNote: "the camera maker's private notes (MakerNote)",
    ]

    /// libvips's fields for `tags` (`exif-ifd0-Artist`, `exif-ifd2-DateTimeOriginal`): on save,
    /// libvips removes from the EXIF block every tag whose field the image lacks, so copying
    /// `exif-data` with only these fields publishes only these tags.
    static let fields: Set<String> = Set(tags.flatMap { ifd, tags in tags.map { fieldName(ifd, $0) } })

    /// `exif-ifd<N>-<Name>`, N being libexif's IFD index and Name its tag name in that IFD.
    static func fieldName(_ ifd: ExifIFD, _ tag: ExifTag) -> String {
        let index = switch ifd {
        case .zero: 0
        case .one: 1
        case .exif: 2
        case .gps: 3
        case .interoperability: 4
        }
        return "exif-ifd\(index)-\(tag.name(in: ifd))"
    }

    static func allows(_ tag: ExifTag, in ifd: ExifIFD) -> Bool {
        tags[ifd]?.contains(tag) == true || housekeeping[ifd]?.contains(tag) == true
    }
}
