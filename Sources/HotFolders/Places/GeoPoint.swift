import Foundation

/// A position on the Earth in decimal degrees (WGS 84), north and east positive.
public struct GeoPoint: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Mean Earth radius (IUGG), km.
    static let earthRadius = 6371.0088

    /// Great-circle distance in kilometres (haversine).
    public func distance(to other: GeoPoint) -> Double {
        let radians = Double.pi / 180
        let dLat = (other.latitude - latitude) * radians
        let dLon = (other.longitude - longitude) * radians
        let a = sin(dLat / 2) * sin(dLat / 2)
            + cos(latitude * radians) * cos(other.latitude * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * Self.earthRadius * asin(min(1, sqrt(a)))
    }

    /// `45.50170, -73.56730` (five decimals: about a metre).
    public var description: String { String(format: "%.5f, %.5f", latitude, longitude) }
}
