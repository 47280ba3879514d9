/// `[defaults.metadata]` / `[album."X".metadata]`: how the metadata rule names places and
/// finds capture times, and the album's own facts (its place, its time zone, its camera's clock).
public struct MetadataSettings: Sendable, Equatable {
    /// Which service names places from GPS positions.
    public var geocoder: Geocoder = .offline
    /// Nominatim's address: the public service, or your own instance.
    public var nominatimURL: String = "https://nominatim.openstreetmap.org"
    /// Sent with every Nominatim request (its usage policy asks for one naming the application).
    public var userAgent: String = "hotfolders/1.0 (photo hot-folder agent for Linux)"
    /// A contact address Nominatim may use about heavy use (its `email` parameter); optional.
    public var email: String? = nil
    /// Nominatim's `accept-language`: the language place names come back in.
    public var language: String = "en"
    /// A photo further than this from every populated place gets no place name, km.
    public var maxDistance: Int = 50
    /// The album's place ("Montreal, Quebec"), used for every photo instead of its GPS.
    public var place: String? = nil
    /// The album's IANA time zone, for photos with neither a UTC offset nor a GPS position.
    public var timezone: String? = nil
    /// Added to the camera's clock for every photo of the album, seconds ("-00:53" is -3180).
    public var clockOffset: Int = 0
    /// What `{year}` says for a photo without a capture date in its EXIF.
    public var yearFallback: YearFallback = .none

    public init() {}
}

/// `geocoder = "offline" | "nominatim"`.
public enum Geocoder: String, Sendable, CaseIterable {
    /// The GeoNames table shipped with hotfolders: no network, no one learns where you were.
    case offline
    /// OpenStreetMap's Nominatim: finer names, one request a second; the offline table when it
    /// cannot be reached.
    case nominatim
}
