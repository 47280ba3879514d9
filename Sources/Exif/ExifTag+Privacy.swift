// Tags that say who owns a camera, which body and lens took a photo, or what the maker stored
// privately, and the housekeeping tags an encoder writes itself: what a policy on published
// metadata has to name.
extension ExifTag {
    // IFD0
    public static let xResolution = ExifTag(rawValue: 0x011A)
    public static let yResolution = ExifTag(rawValue: 0x011B)
    public static let resolutionUnit = ExifTag(rawValue: 0x0128)
    public static let yCbCrPositioning = ExifTag(rawValue: 0x0213)
    /// DNG's serial number of the camera body.
    public static let cameraSerialNumber = ExifTag(rawValue: 0xC62F)
    // EXIF sub-IFD
    public static let exifVersion = ExifTag(rawValue: 0x9000)
    public static let componentsConfiguration = ExifTag(rawValue: 0x9101)
    public static let exposureBiasValue = ExifTag(rawValue: 0x9204)
    public static let flash = ExifTag(rawValue: 0x9209)
    /// The maker's private block: serial numbers, sometimes a position or the names of
    /// recognised faces, in a layout only the maker documents.
    public static let makerNote = ExifTag(rawValue: 0x927C)
    public static let userComment = ExifTag(rawValue: 0x9286)
    public static let subSecTime = ExifTag(rawValue: 0x9290)
    public static let flashpixVersion = ExifTag(rawValue: 0xA000)
    public static let colorSpace = ExifTag(rawValue: 0xA001)
    public static let pixelXDimension = ExifTag(rawValue: 0xA002)
    public static let pixelYDimension = ExifTag(rawValue: 0xA003)
    public static let focalLengthIn35mmFilm = ExifTag(rawValue: 0xA405)
    /// A camera-made identifier unique to this shot.
    public static let imageUniqueID = ExifTag(rawValue: 0xA420)
    public static let cameraOwnerName = ExifTag(rawValue: 0xA430)
    public static let lensSerialNumber = ExifTag(rawValue: 0xA435)
}
