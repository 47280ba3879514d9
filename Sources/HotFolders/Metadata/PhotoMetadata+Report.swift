import Foundation

extension PhotoMetadata {
    /// What `hotfolders show` prints: the place with its candidates and distance, the time and
    /// where it came from, the GPS fix, the camera and exposure, and every note.
    public func reportLines() -> [String] {
        var lines: [String] = []
        func add(_ label: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            lines.append(label.padding(toLength: 14, withPad: " ", startingAt: 0) + value)
        }
        if let place {
            var source = place.source.rawValue
            if let distance = place.distance { source += String(format: ", %.1f km from its centre", distance) }
            add("place", "\(place.label) (\(source))")
            add("country code", place.countryCode)
            if place.candidates.count > 1 || (place.candidates.first.map { $0.name != place.name } ?? false) {
                lines.append("candidates")
                for candidate in place.candidates {
                    let region = candidate.region.map { ", \($0)" } ?? ""
                    lines.append("  \(candidate.name)\(region), \(candidate.countryCode)  population \(candidate.population), "
                                 + String(format: "%.1f km", candidate.distance))
                }
            }
            add("credit", place.attribution)
        } else {
            add("place", "none")
        }
        if let capture {
            add("taken (local)", capture.local.text + (capture.timeZone.map { " \($0)" } ?? ""))
            add("taken (UTC)", capture.utc.map { Timestamp.string($0) } ?? "unknown")
            var how = capture.source.rawValue
            if let offset = capture.offsetText { how += " \(offset)" }
            how += ", from \(capture.origin.rawValue)"
            add("time source", how)
            if capture.clockCorrection != 0, let camera = capture.camera {
                add("camera clock", "\(camera.text), corrected by \(UTCOffset.text(capture.clockCorrection)) (clock_offset)")
            }
        } else {
            add("taken", "unknown")
        }
        if let zodiac = captureZodiac { add("zodiac", "\(zodiac.name) \(zodiac.symbol)") }
        if let gps {
            var fix = gps.point.description
            if let altitude = gps.altitude { fix += String(format: ", %.0f m", altitude) }
            add("gps", fix)
            add("gps clock", gps.time.map { Timestamp.string($0) })
        } else {
            add("gps", "none")
        }
        add("camera", camera.name)
        add("lens", camera.lens)
        var exposureParts: [String] = []
        if let time = exposure.exposureTime { exposureParts.append("\(time) s") }
        if let fNumber = exposure.fNumber { exposureParts.append("f/" + Self.short(fNumber)) }
        if let iso = exposure.iso { exposureParts.append("ISO \(iso)") }
        if let focal = exposure.focalLength { exposureParts.append(Self.short(focal) + " mm") }
        add("exposure", exposureParts.isEmpty ? nil : exposureParts.joined(separator: ", "))
        add("orientation", orientation.map(String.init))
        add("artist", artist)
        add("copyright", copyright)
        add("description", imageDescription)
        add("exif", exifSource.map { "read via \($0)" })
        add("read", Timestamp.string(read))
        for note in notes { add("note", note.description) }
        return lines
    }

    static func short(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
