/// One populated place of the offline gazetteer (GeoNames): its name, region (admin1),
/// country, position, population and IANA time zone.
public struct GazetteerPlace: Sendable, Equatable {
    /// Index in the gazetteer, stable for one table.
    public var id: Int
    public var name: String
    /// The first-level division's name ("Quebec", "Lazio"), when GeoNames has one.
    public var region: String?
    /// GeoNames' admin1 code ("10", "07").
    public var regionCode: String?
    public var country: String
    /// ISO 3166-1 alpha-2, upper case.
    public var countryCode: String
    public var point: GeoPoint
    /// 0 for a seat of administration GeoNames gives no count for.
    public var population: Int
    /// IANA zone ("Europe/Rome").
    public var timeZone: String
}
