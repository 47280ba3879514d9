import Curl
import Foundation

/// OpenStreetMap's reverse geocoder, `/reverse?format=jsonv2`, over libcurl. Follows the usage
/// policy of the public service: a User-Agent naming the application, at most one request a
/// second from the whole process (`RequestSpacing.nominatim`), and answers cached by the caller.
struct Nominatim: Sendable {
    /// The service's root (`https://nominatim.openstreetmap.org`), or a full `.../reverse`.
    var baseURL: String
    var userAgent: String
    var email: String?
    var language: String
    var client = CurlClient()
    var spacing = RequestSpacing.nominatim

    /// What came back for a position.
    enum Answer: Sendable, Equatable {
        case place(Place)
        /// `{"error": "Unable to geocode"}`: nothing there (the sea, a desert).
        case nothing(String)
    }

    /// Why no answer came.
    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
        /// Unreachable or overloaded: worth trying again later, and a reason to stop asking for a while.
        var isTransient: Bool
    }

    /// The request for `point` (already rounded by the caller: the service learns no more than that).
    func url(for point: GeoPoint) -> String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        if !base.hasSuffix("/reverse") { base += "/reverse" }
        var query = "format=jsonv2&lat=\(Self.number(point.latitude))&lon=\(Self.number(point.longitude))&zoom=14&addressdetails=1"
        if !language.isEmpty { query += "&accept-language=" + Self.escaped(language) }
        if let email, !email.isEmpty { query += "&email=" + Self.escaped(email) }
        return base + "?" + query
    }

    /// Asks once, after waiting for this process's turn. Blocking (libcurl): called from a
    /// photo's own thread.
    func reverse(_ point: GeoPoint) async throws(Failure) -> (answer: Answer, body: String) {
        guard await spacing.waitForTurn() != nil else { throw Failure(description: "stopped while waiting for Nominatim", isTransient: true) }
        let response: HTTPResponse
        do {
            response = try client.perform(HTTPRequest(url: url(for: point), headers: [("Accept", "application/json")],
                                                      timeoutSeconds: 15, connectTimeoutSeconds: 5, userAgent: userAgent))
        } catch let error as CurlError {
            throw Failure(description: "Nominatim could not be reached (\(error.message))", isTransient: true)
        } catch {
            throw Failure(description: "Nominatim could not be reached (\(error))", isTransient: true)
        }
        guard response.status == 200 else {
            let transient = response.status == 429 || response.status >= 500
            throw Failure(description: "Nominatim answered HTTP \(response.status)", isTransient: transient)
        }
        return (try Self.parse(response.body), response.text)
    }

    /// Reads a jsonv2 answer: the place from `address` (city, town, village, hamlet or
    /// municipality), the region from `state`, and the licence line as the attribution.
    static func parse(_ body: [UInt8]) throws(Failure) -> Answer {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw Failure(description: "Nominatim's answer is not JSON", isTransient: false)
        }
        if let error = object["error"] {
            return .nothing((error as? String) ?? ((error as? [String: Any])?["message"] as? String) ?? "no answer")
        }
        let address = object["address"] as? [String: Any] ?? [:]
        func text(_ key: String) -> String? {
            (address[key] as? String).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        guard let name = ["city", "town", "village", "hamlet", "municipality"].lazy.compactMap(text).first else {
            return .nothing("no city, town or village in the answer")
        }
        var point: GeoPoint?
        if let lat = (object["lat"] as? String).flatMap(Double.init), let lon = (object["lon"] as? String).flatMap(Double.init) {
            point = GeoPoint(latitude: lat, longitude: lon)
        }
        let code = text("country_code")?.uppercased()
        return .place(Place(name: name, region: text("state") ?? text("region") ?? text("province"), country: text("country"),
                            countryCode: code.flatMap { $0.count == 2 && $0.allSatisfy(\.isLetter) ? $0 : nil },
                            source: .nominatim, point: point,
                            attribution: (object["licence"] as? String) ?? Place.nominatimAttribution))
    }

    static func number(_ value: Double) -> String { String(format: "%.3f", value) }

    static func escaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~,@"))) ?? text
    }
}
