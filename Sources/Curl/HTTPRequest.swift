/// One HTTP request: method, URL, headers, an optional body, limits, and optional AWS SigV4
/// signing done by libcurl itself.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    /// In order; a name may repeat.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// The whole transfer, connection included.
    public var timeoutSeconds: Int
    public var connectTimeoutSeconds: Int
    public var userAgent: String?
    public var signing: AWSSigning?
    /// Asked about once a second while the request runs; true aborts it (a `CurlError` with
    /// `wasAborted`). `{ Task.isCancelled }` ties a request to its task.
    public var isCancelled: (@Sendable () -> Bool)?

    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
                timeoutSeconds: Int = 60, connectTimeoutSeconds: Int = 10, userAgent: String? = nil, signing: AWSSigning? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutSeconds = timeoutSeconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.userAgent = userAgent
        self.signing = signing
    }
}

/// Credentials and scope for libcurl's `CURLOPT_AWS_SIGV4`.
public struct AWSSigning: Sendable {
    public var accessKey: String
    public var secretKey: String
    public var region: String
    public var service: String

    public init(accessKey: String, secretKey: String, region: String, service: String = "s3") {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.region = region
        self.service = service
    }

    /// The `provider1:provider2:region:service` string libcurl takes.
    var curlOption: String { "aws:amz:\(region):\(service)" }
}

/// A response: status, headers (names lower-cased; a repeated header keeps its last value) and body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }
}
