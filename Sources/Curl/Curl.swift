import CCurl

/// HTTP over libcurl, for S3 and Nominatim (later issues). For now it reports the library
/// version so the module links.
public enum Curl {
    /// libcurl's own version line, e.g. "libcurl/7.88.1 OpenSSL/3.0.x ...".
    public static var version: String { String(cString: curl_version()) }
}
