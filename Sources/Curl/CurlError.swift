import CCurl

/// A transfer that did not complete (no HTTP answer at all): libcurl's code and words.
public struct CurlError: Error, Sendable, CustomStringConvertible {
    public var code: Int32
    public var message: String

    init(_ code: CURLcode, detail: String) {
        self.code = Int32(code.rawValue)
        let words = String(cString: curl_easy_strerror(code))
        self.message = detail.isEmpty || detail == words ? words : "\(words): \(detail)"
    }

    public var description: String { "curl error \(code): \(message)" }

    /// The request's `isCancelled` said stop.
    public var wasAborted: Bool { code == Int32(CURLE_ABORTED_BY_CALLBACK.rawValue) }

    /// Worth trying again later: the server was unreachable or slow, not wrong.
    public var isTransient: Bool {
        [CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_OPERATION_TIMEDOUT, CURLE_SEND_ERROR,
         CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE]
            .map { Int32($0.rawValue) }.contains(code)
    }
}
