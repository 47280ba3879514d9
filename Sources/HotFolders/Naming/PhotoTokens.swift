import Foundation

/// The values a photo gives the `{token}`s of a template (the rename rule's name, the watermark's
/// text), as a photographer would read them: "Montréal", "2024", "♈", "NIKON COOLPIX P6000". A
/// token with nothing to say is nil, and the template drops it with its separator. The rename
/// rule makes slugs of these values; the watermark prints them.
public struct PhotoTokens: Sendable {
    /// Every token a template may name. `owner` has a value only when passed in (the watermark's);
    /// `counter` only in the rename rule, which numbers an album's photos.
    public static let known = [
        "place", "place_slug", "region", "country", "country_code", "album",
        "year", "month", "day", "hour", "minute", "second", "date", "time",
        "utc_year", "utc_month", "utc_day", "utc_hour", "utc_minute", "utc_second", "utc_date", "utc_time",
        "camera", "make", "model", "stem", "seq", "hash", "zodiac", "zodiac_name", "owner", "counter",
    ]

    /// The tokens that need the photo's place (a template naming one uses the rename fallback
    /// when the photo has none).
    public static let placeTokens: Set<String> = ["place", "place_slug", "region", "country", "country_code"]

    private let values: [String: String]

    /// - Parameters:
    ///   - owner: the `{owner}` value (the watermark's owner); nil leaves the token empty.
    ///   - yearOffset: years added to the capture year in `{year}` and `{utc_year}`, for a camera
    ///     whose year was set wrong; 0 for most.
    ///   - yearFallback: what the date tokens say when the EXIF has no capture date and the
    ///     capture time is only the file's (its copy date).
    ///   - generic: which original names count as made by a device, for `{seq}`.
    public init(_ photo: PhotoWork, owner: String? = nil, yearOffset: Int = 0, yearFallback: YearFallback = .none,
                generic: GenericNames = .standard) {
        var values: [String: String] = [:]
        values["album"] = photo.album
        values["owner"] = owner

        let metadata = photo.metadata
        if let place = metadata?.place {
            values["place"] = place.name
            values["region"] = place.region
            values["country"] = place.country
            values["country_code"] = place.countryCode
            values["place_slug"] = Self.placeSlug(place)
        }
        let capture = metadata?.capture
        let dated = metadata?.isDated ?? false
        // `year_offset` mends a camera clock set to the wrong year; a copy date needs no mending.
        let offset = dated ? yearOffset : 0
        if let capture, dated || yearFallback == .file {
            Self.fill(&values, prefix: "", capture.local, yearOffset: offset)
            if let utc = capture.utc, let zone = TimeZone(identifier: "UTC") {
                Self.fill(&values, prefix: "utc_", LocalDateTime(utc, in: zone), yearOffset: offset)
            }
        } else if !dated, case .year(let year) = yearFallback {
            values["year"] = String(format: "%04d", year)
        }
        if let zodiac = metadata?.captureZodiac {
            values["zodiac"] = zodiac.symbol
            values["zodiac_name"] = zodiac.name
        }
        if let camera = metadata?.camera {
            values["camera"] = camera.name
            values["make"] = camera.make.map(Camera.brand)
            values["model"] = camera.model
        }

        let stem = Self.originalStem(photo.originalName)
        values["stem"] = stem
        let hash = photo.sha256.map { String($0.prefix(8)) }
        values["hash"] = hash
        // The number of a device's name; for any other name its last number, else the content's
        // short hash, so {seq} always tells two photos apart.
        values["seq"] = generic.number(in: stem) ?? GenericNames.digitRuns(stem).last ?? hash
        self.values = values.filter { !$0.value.isEmpty }
    }

    /// The value of `token` ("place", "year", ...), nil when the photo has none or the token is unknown.
    public func value(of token: String) -> String? { values[token] }

    /// "montreal_quebec": the place and its region, the region left out when it repeats the place.
    static func placeSlug(_ place: Place, maxLength: Int = Slug.defaultMaxLength) -> String {
        let name = Slug.of(place.name, maxLength: .max)
        var parts = [name]
        if let region = place.region.map({ Slug.of($0, maxLength: .max) }), !region.isEmpty, region != name {
            parts.append(region)
        }
        return Slug.capped(parts.filter { !$0.isEmpty }.joined(separator: "_"), at: maxLength)
    }

    /// The original's file name without its folder and extension ("day 2/IMG_7.jpg" -> "IMG_7").
    static func originalStem(_ originalName: String) -> String {
        let name = originalName.split(separator: "/").last.map(String.init) ?? originalName
        let stem = (name as NSString).deletingPathExtension
        return stem.isEmpty ? name : stem
    }

    private static func fill(_ values: inout [String: String], prefix: String, _ time: LocalDateTime, yearOffset: Int) {
        let year = String(format: "%04d", time.year + yearOffset)
        let two = { (number: Int) in String(format: "%02d", number) }
        values[prefix + "year"] = year
        values[prefix + "month"] = two(time.month)
        values[prefix + "day"] = two(time.day)
        values[prefix + "hour"] = two(time.hour)
        values[prefix + "minute"] = two(time.minute)
        values[prefix + "second"] = two(time.second)
        values[prefix + "date"] = "\(year)-\(two(time.month))-\(two(time.day))"
        values[prefix + "time"] = two(time.hour) + two(time.minute) + two(time.second)
    }
}
