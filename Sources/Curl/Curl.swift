import CCurl

/// HTTP over libcurl: one blocking request at a time per call, any thread. Knows nothing of
/// photos; Nominatim, S3 and the style generators build on it.
public enum Curl {
    /// libcurl's own version line, e.g. "libcurl/7.88.1 OpenSSL/3.0.x ...".
    public static var version: String {
        ensureStarted()
        return String(cString: curl_version())
    }

    /// `curl_global_init` must run once, before any thread uses libcurl.
    static func ensureStarted() { _ = started }
    private static let started: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}
