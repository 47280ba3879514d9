import Foundation

/// The spatial index: places are stored sorted by half-degree grid cell, so a search visits
/// only the cells a circle around the point touches, discards most places there with an integer
/// bounding-box test, and measures the rest. Thousands of lookups a second on one core.
extension Gazetteer {
    /// A place found near a point, with its great-circle distance in km.
    public struct Hit: Sendable, Equatable {
        public var index: Int
        public var distance: Double
    }

    /// Every place within `radius` km of `point`, nearest first.
    public func places(near point: GeoPoint, within radius: Double) -> [Hit] {
        guard point.latitude.isFinite, point.longitude.isFinite, radius > 0 else { return [] }
        let kmPerDegree = GeoPoint.earthRadius * Double.pi / 180
        let latitude = min(90, max(-90, point.latitude))
        var longitude = point.longitude.truncatingRemainder(dividingBy: 360)
        if longitude >= 180 { longitude -= 360 } else if longitude < -180 { longitude += 360 }
        let pointLat = Int32(((latitude + 90) * Self.scale).rounded())
        let pointLon = Int32(((longitude + 180) * Self.scale).rounded())

        let spanLat = radius / kmPerDegree
        let poleward = min(90, abs(latitude) + spanLat)
        let shrink = cos(poleward * .pi / 180)
        let spanLon = shrink < 0.01 ? 360 : min(360, radius / (kmPerDegree * shrink))
        let boxLat = Int32((spanLat * Self.scale).rounded(.up))
        let boxLon = Int32((spanLon * Self.scale).rounded(.up))
        let fullCircle = Int32(360 * Self.scale)

        let columns = 360 * cellsPerDegree, rows = 180 * cellsPerDegree
        let perDegree = Double(cellsPerDegree)
        let firstRow = max(0, Int(((latitude - spanLat + 90) * perDegree).rounded(.down)))
        let lastRow = min(rows - 1, Int(((latitude + spanLat + 90) * perDegree).rounded(.down)))
        var columnRange = Int(((longitude - spanLon + 180) * perDegree).rounded(.down))
            ... Int(((longitude + spanLon + 180) * perDegree).rounded(.down))
        if columnRange.count >= columns { columnRange = 0...(columns - 1) }

        let cosPoint = cos(latitude * .pi / 180)
        var hits: [Hit] = []
        guard firstRow <= lastRow else { return [] }
        for row in firstRow...lastRow {
            for rawColumn in columnRange {
                let column = (rawColumn % columns + columns) % columns
                let cell = row * columns + column
                for index in Int(cellStarts[cell])..<Int(cellStarts[cell + 1]) {
                    let dy = latitudes[index] - pointLat
                    guard abs(dy) <= boxLat else { continue }
                    var dx = longitudes[index] - pointLon
                    if dx > fullCircle / 2 { dx -= fullCircle } else if dx < -fullCircle / 2 { dx += fullCircle }
                    guard abs(dx) <= boxLon else { continue }
                    // Equirectangular: within 0.5 % of the great circle at these distances.
                    let placeLat = Double(latitudes[index]) / Self.scale - 90
                    let x = Double(dx) / Self.scale * (cosPoint + cos(placeLat * .pi / 180)) / 2
                    let y = Double(dy) / Self.scale
                    let distance = (x * x + y * y).squareRoot() * kmPerDegree
                    if distance <= radius { hits.append(Hit(index: index, distance: distance)) }
                }
            }
        }
        for position in hits.indices { hits[position].distance = point.distance(to: self.point(hits[position].index)) }
        return hits.sorted { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
    }

    /// The nearest place within `radius` km, looking close first and widening only when needed.
    public func nearest(to point: GeoPoint, within radius: Double) -> Hit? {
        var reach = min(radius, 10)
        while true {
            if let hit = places(near: point, within: reach).first { return hit }
            if reach >= radius { return nil }
            reach = min(radius, reach * 4)
        }
    }
}
