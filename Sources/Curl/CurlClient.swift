import Foundation
import CCurl

/// Performs `HTTPRequest`s with a fresh easy handle each (handles are cheap; sharing them
/// across threads is not allowed). Blocking: call it off the cooperative thread pool.
public struct CurlClient: Sendable {
    public init() { Curl.ensureStarted() }

    /// Sends the request and returns whatever HTTP answer came back (any status); throws
    /// `CurlError` only when there was no answer (refused, timed out, DNS, TLS...).
    public func perform(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let handle = curl_easy_init() else { throw CurlError(CURLE_FAILED_INIT, detail: "curl_easy_init") }
        defer { curl_easy_cleanup(handle) }
        let sink = ResponseSink()
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }

        func check(_ code: CURLcode) throws {
            if code != CURLE_OK { throw CurlError(code, detail: "setting up the request") }
        }
        try check(hf_curl_setopt_string(handle, CURLOPT_URL, request.url))
        try check(hf_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
        if request.method == "HEAD" { try check(hf_curl_setopt_long(handle, CURLOPT_NOBODY, 1)) }
        try check(hf_curl_setopt_long(handle, CURLOPT_TIMEOUT, request.timeoutSeconds))
        try check(hf_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, request.connectTimeoutSeconds))
        // Signals would interrupt other threads' system calls; timeouts work without them.
        try check(hf_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        try check(hf_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        if let agent = request.userAgent { try check(hf_curl_setopt_string(handle, CURLOPT_USERAGENT, agent)) }
        for header in request.headers { headerList = curl_slist_append(headerList, "\(header.name): \(header.value)") }
        // libcurl adds "Expect: 100-continue" to larger uploads; S3-compatible servers handle it,
        // but it costs a round trip per request. Not for signed requests: libcurl 7.88's SigV4
        // signs the removal directive as an empty "expect" header it never sends, and the
        // server rejects the signature.
        if request.signing == nil { headerList = curl_slist_append(headerList, "Expect:") }
        try check(hf_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
        if let signing = request.signing {
            try check(hf_curl_setopt_string(handle, CURLOPT_AWS_SIGV4, signing.curlOption))
            try check(hf_curl_setopt_string(handle, CURLOPT_USERPWD, "\(signing.accessKey):\(signing.secretKey)"))
        }
        try check(hf_curl_setopt_callback(handle, CURLOPT_WRITEFUNCTION, curlCollectBody))
        try check(hf_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer))
        try check(hf_curl_setopt_callback(handle, CURLOPT_HEADERFUNCTION, curlCollectHeader))
        try check(hf_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, sinkPointer))
        let cancellation = request.isCancelled.map(CancellationCheck.init)
        if let cancellation {
            try check(hf_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0))
            try check(hf_curl_setopt_xferinfo(handle, curlCheckCancelled))
            try check(hf_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, Unmanaged.passUnretained(cancellation).toOpaque()))
        }
        try errorBuffer.withUnsafeMutableBufferPointer { buffer in
            try check(hf_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress))
        }

        let code: CURLcode = try withExtendedLifetime((sink, cancellation)) {
            if let body = request.body {
                return try body.withUnsafeBytes { bytes -> CURLcode in
                    // POSTFIELDS sends the body with any method set by CUSTOMREQUEST (PUT too),
                    // and lets curl's SigV4 see it.
                    try check(hf_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count)))
                    try check(hf_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS,
                                                     UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)))
                    return curl_easy_perform(handle)
                }
            }
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            let detail = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw CurlError(code, detail: detail)
        }
        var status = 0
        _ = hf_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }
}

/// The request's `isCancelled`, where the progress callback can reach it.
private final class CancellationCheck {
    let isCancelled: @Sendable () -> Bool
    init(_ isCancelled: @escaping @Sendable () -> Bool) { self.isCancelled = isCancelled }
}

private func curlCheckCancelled(_ context: UnsafeMutableRawPointer?, _: curl_off_t, _: curl_off_t, _: curl_off_t,
                                _: curl_off_t) -> Int32 {
    guard let context else { return 0 }
    return Unmanaged<CancellationCheck>.fromOpaque(context).takeUnretainedValue().isCancelled() ? 1 : 0
}

/// Where libcurl's callbacks put the answer.
private final class ResponseSink {
    var body: [UInt8] = []
    var headers: [String: String] = [:]
}

private func curlCollectBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    data.withMemoryRebound(to: UInt8.self, capacity: length) { sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
    return length
}

private func curlCollectHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
    if line.hasPrefix("HTTP/") {
        sink.headers = [:]  // a new response (after a 100 Continue, say) starts over
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        sink.headers[name] = value
    }
    return length
}
