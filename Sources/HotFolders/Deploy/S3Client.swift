import Curl
import Foundation

/// The few S3 requests a deploy needs (PUT object, multipart upload, GET/HEAD), signed by
/// libcurl's own SigV4 (`CURLOPT_AWS_SIGV4`). Every answer that is not a success becomes a
/// `DeployError` that says what to fix. Blocking: call it off the cooperative thread pool.
///
/// libcurl 7.88 signs what it is given, so three things are done here that newer versions do
/// themselves: `x-amz-content-sha256` is computed and sent (S3 and radosgw reject a signature
/// without it), query strings are written in sorted, canonical form (`?uploads=`, not
/// `?uploads`), and keys are percent-encoded exactly as SigV4's canonical URI encodes them.
public struct S3Client: Sendable {
    public let endpoint: String
    public let bucket: String
    public let region: String
    public let pathStyle: Bool
    let credentials: AWSCredentials
    /// The least time a request may take; larger bodies get more.
    let minimumTimeout: Duration
    let http = CurlClient()

    public init(endpoint: String, bucket: String, region: String, pathStyle: Bool, credentials: AWSCredentials,
                minimumTimeout: Duration = .seconds(60)) {
        self.endpoint = URLCheck.trimmed(endpoint)
        self.bucket = bucket
        self.region = region
        self.pathStyle = pathStyle
        self.credentials = credentials
        self.minimumTimeout = minimumTimeout
    }

    /// The store and bucket, as the catalog names where an object went.
    public var destination: String { "\(endpoint)/\(bucket)" }

    /// The object's URL (path-style `endpoint/bucket/key` or virtual-hosted `bucket.host/key`).
    public func url(forKey key: String) -> String {
        Self.objectURL(endpoint: endpoint, bucket: bucket, pathStyle: pathStyle, key: key)
    }

    static func objectURL(endpoint: String, bucket: String, pathStyle: Bool, key: String) -> String {
        let path = encodePath(key)
        if pathStyle { return "\(endpoint)/\(encodePath(bucket))/\(path)" }
        guard let schemeEnd = endpoint.range(of: "://") else { return "\(endpoint)/\(bucket)/\(path)" }
        return endpoint[..<schemeEnd.upperBound] + bucket + "." + endpoint[schemeEnd.upperBound...] + "/" + path
    }

    private var bucketURL: String {
        pathStyle ? "\(endpoint)/\(Self.encodePath(bucket))" : String(url(forKey: "").dropLast())
    }

    // MARK: - Requests

    /// PUT of a whole object; returns the ETag the server gave (quotes removed).
    func putObject(key: String, body: [UInt8], digest: Digest, headers: [(name: String, value: String)]) throws(DeployError) -> String {
        let response = try send("PUT", key: key, headers: headers + [("Content-MD5", digest.md5Base64)], body: body,
                                bodySHA256: digest.sha256Hex, operation: "upload \(key)")
        return Self.unquoted(response.headers["etag"] ?? "")
    }

    /// Starts a multipart upload; returns its upload ID.
    func createMultipartUpload(key: String, headers: [(name: String, value: String)]) throws(DeployError) -> String {
        let response = try send("POST", key: key, query: "uploads=", headers: headers, operation: "start the upload of \(key)")
        guard let id = XMLText.first("UploadId", in: response.text), !id.isEmpty else {
            throw DeployError(.photo, "the server started an upload of \(key) without giving its ID", detail: String(response.text.prefix(200)))
        }
        return id
    }

    /// One part (numbered from 1); returns its ETag.
    func uploadPart(key: String, uploadID: String, number: Int, body: [UInt8], digest: Digest) throws(DeployError) -> String {
        let response = try send("PUT", key: key, query: "partNumber=\(number)&uploadId=\(Self.encodeComponent(uploadID))",
                                headers: [("Content-MD5", digest.md5Base64)], body: body, bodySHA256: digest.sha256Hex,
                                operation: "upload part \(number) of \(key)")
        return Self.unquoted(response.headers["etag"] ?? "")
    }

    /// Joins the parts (their ETags in order) into the object; returns the object's ETag.
    func completeMultipartUpload(key: String, uploadID: String, partETags: [String]) throws(DeployError) -> String {
        let parts = partETags.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\"\($0.element)\"</ETag></Part>" }
        let body = Array(("<CompleteMultipartUpload>" + parts.joined() + "</CompleteMultipartUpload>").utf8)
        let response = try send("POST", key: key, query: "uploadId=\(Self.encodeComponent(uploadID))",
                                headers: [("Content-Type", "application/xml")], body: body,
                                bodySHA256: Digest.sha256Hex(body), operation: "complete the upload of \(key)")
        // S3 may answer 200 and still report an error in the body of a completion.
        if response.text.contains("<Error>") { throw classify(status: 500, text: response.text, operation: key) }
        let etag = Self.unquoted(XMLText.first("ETag", in: response.text) ?? response.headers["etag"] ?? "")
        // radosgw (Ceph 16) answers with an empty <ETag/>: ask for the object's own.
        return etag.isEmpty ? try headObject(key: key)?["etag"].map(Self.unquoted) ?? "" : etag
    }

    /// HEAD of an object: its headers, or nil when there is no such key.
    func headObject(key: String) throws(DeployError) -> [String: String]? {
        do {
            return try send("HEAD", key: key, operation: "look up \(key)").headers
        } catch where error.detail?.hasPrefix("404") == true {
            return nil
        }
    }

    /// Gives up an unfinished multipart upload so its parts do not linger (and cost) on the store.
    func abortMultipartUpload(key: String, uploadID: String) {
        _ = try? send("DELETE", key: key, query: "uploadId=\(Self.encodeComponent(uploadID))", operation: "abort \(key)")
    }

    /// GET of an object: its bytes and headers, or nil when there is no such key.
    public func getObject(key: String) throws(DeployError) -> HTTPResponse? {
        do {
            return try send("GET", key: key, operation: "read \(key)")
        } catch where error.detail?.hasPrefix("404 NoSuchKey") == true {
            return nil
        }
    }

    /// Creates the bucket (tests and first set-up); an existing bucket of ours is fine.
    public func createBucket() throws(DeployError) {
        do {
            _ = try send("PUT", key: nil, operation: "create bucket \(bucket)")
        } catch where error.detail?.contains("BucketAlreadyOwnedByYou") == true {
        }
    }

    /// Sends one signed request and returns a 2xx answer; anything else is a `DeployError`.
    func send(_ method: String, key: String?, query: String? = nil, headers: [(name: String, value: String)] = [],
              body: [UInt8]? = nil, bodySHA256: String? = nil, operation: String) throws(DeployError) -> HTTPResponse {
        var url = key.map(self.url(forKey:)) ?? bucketURL
        if let query { url += "?" + query }
        var allHeaders = headers
        allHeaders.append(("x-amz-content-sha256", bodySHA256 ?? (body.map(Digest.sha256Hex) ?? Digest.emptySHA256)))
        // Every PUT carries its body's MD5, so the store refuses one that arrived changed.
        if method == "PUT", !headers.contains(where: { $0.name.lowercased() == "content-md5" }) {
            allHeaders.append(("Content-MD5", Digest(of: body ?? []).md5Base64))
        }
        if let token = credentials.sessionToken { allHeaders.append(("x-amz-security-token", token)) }
        let seconds = Int((minimumTimeout / .seconds(1)).rounded(.up)) + (body?.count ?? 0) / (1 << 20)
        var request = HTTPRequest(
            method: method, url: url, headers: allHeaders, body: body, timeoutSeconds: seconds, connectTimeoutSeconds: 10,
            userAgent: "hotfolders", signing: AWSSigning(accessKey: credentials.accessKeyID, secretKey: credentials.secretAccessKey,
                                                         region: region, service: "s3"))
        // The agent stopping cancels its deploy pass: a request under way is cut short too.
        request.isCancelled = { Task.isCancelled }
        let response: HTTPResponse
        do {
            response = try http.perform(request)
        } catch let error as CurlError where error.wasAborted {
            throw DeployError(.transient, "stopped before the store answered (\(operation))", detail: error.message)
        } catch let error as CurlError {
            throw error.isTransient
                ? DeployError(.transient, "\(endpoint) did not answer (\(operation)); it will be tried again", detail: error.message)
                : DeployError(.album, "cannot talk to \(endpoint): check deploy.endpoint (\(operation))", detail: error.message)
        } catch {
            throw DeployError(.transient, "the request failed (\(operation))", detail: "\(error)")
        }
        guard (200..<300).contains(response.status) else { throw classify(status: response.status, text: response.text, operation: operation) }
        return response
    }

    // MARK: - Errors

    /// A failed answer in words that say what to fix. The access key ID may be shown; the secret never is.
    func classify(status: Int, text: String, operation: String) -> DeployError {
        let code = XMLText.first("Code", in: text) ?? ""
        let detail = "\(status) \(code.isEmpty ? "(no error code)" : code)"
        let keys = credentials.description
        switch (status, code) {
        case (500..., _), (429, _), (_, "SlowDown"), (_, "RequestTimeout"), (_, "InternalError"), (_, "ServiceUnavailable"):
            return DeployError(.transient, "\(endpoint) is busy or failing (\(operation)); it will be tried again", detail: detail)
        case (403, "SignatureDoesNotMatch"):
            return DeployError(.album, "the server rejected the request signature: the secret key for \(keys) "
                + "does not match it; fix aws_secret_access_key (or AWS_SECRET_ACCESS_KEY)", detail: detail)
        case (403, "InvalidAccessKeyId"):
            return DeployError(.album, "the server does not know \(keys): fix aws_access_key_id, or check that deploy.endpoint "
                + "(\(endpoint)) is the store the key belongs to", detail: detail)
        case (403, "RequestTimeTooSkewed"):
            return DeployError(.album, "this machine's clock is too far from the server's (more than 15 minutes): set the clock, "
                + "for example with `timedatectl set-ntp true`", detail: detail)
        case (403, _), (401, _):
            return DeployError(.album, "\(keys) may not write to bucket \"\(bucket)\": grant it s3:PutObject on the bucket's "
                + "keys (and s3:AbortMultipartUpload)", detail: detail)
        case (404, "NoSuchBucket"):
            return DeployError(.album, "bucket \"\(bucket)\" does not exist at \(endpoint): create it, or fix the bucket in "
                + "deploy.target", detail: detail)
        case (301, _), (307, _), (400, "AuthorizationHeaderMalformed"), (400, "IllegalLocationConstraintException"):
            let region = XMLText.first("Region", in: text).map { " (the server says \"\($0)\")" } ?? ""
            return DeployError(.album, "bucket \"\(bucket)\" is not in region \"\(self.region)\"\(region), or needs another "
                + "endpoint: fix deploy.region or deploy.endpoint", detail: detail)
        case (400, "BadDigest"), (400, "InvalidDigest"), (400, "XAmzContentSHA256Mismatch"):
            return DeployError(.photo, "the server received other bytes than were sent (\(operation)): something between "
                + "this machine and the store (a proxy?) changes uploads; fix that, then run `hotfolders deploy`", detail: detail)
        case (400, "EntityTooLarge"), (400, "EntityTooSmall"):
            return DeployError(.photo, "the store refused the size of \(operation): adjust deploy.multipart_threshold_mib "
                + "and deploy.part_size_mib", detail: detail)
        case (400, "InvalidBucketName"):
            return DeployError(.album, "\"\(bucket)\" is not a valid bucket name: fix deploy.target", detail: detail)
        default:
            let message = XMLText.first("Message", in: text).flatMap { $0.isEmpty ? nil : $0 }
            return DeployError(.photo, "the store refused to \(operation)" + (message.map { ": \($0)" } ?? ""), detail: detail)
        }
    }

    // MARK: - Encoding

    /// SigV4's URI encoding: every byte but `A-Z a-z 0-9 - . _ ~` as %XX (and `/` kept in paths).
    static func encodePath(_ key: String) -> String { encode(key, keeping: "/") }
    static func encodeComponent(_ text: String) -> String { encode(text, keeping: "") }

    private static func encode(_ text: String, keeping: String) -> String {
        let keep = Set(keeping.utf8)
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case _ where keep.contains(byte):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static func unquoted(_ etag: String) -> String {
        etag.replacingOccurrences(of: "&quot;", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
    }
}

/// The text of an element in S3's small XML answers (`<Code>NoSuchBucket</Code>`), entities decoded.
enum XMLText {
    static func first(_ tag: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(tag)>"), let close = xml.range(of: "</\(tag)>", range: open.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Text made safe to put between tags.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
