import Curl
import Foundation
import Testing

/// The HTTP wrapper against a real local server (Python's http.server, on loopback).
@Suite struct CurlTests {
    @Test func getPutAndHeadersRoundTripAndRefusedConnectionsAreTransient() throws {
        let server = try LocalHTTPServer(script: """
            import http.server, sys
            class H(http.server.BaseHTTPRequestHandler):
                def log_message(self, *a): pass
                def reply(self, code, body, extra={}):
                    self.send_response(code)
                    for k, v in extra.items(): self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def do_GET(self):
                    self.reply(200, ("agent=" + self.headers.get("User-Agent", "")).encode(), {"X-Answer": "42"})
                def do_PUT(self):
                    body = self.rfile.read(int(self.headers["Content-Length"]))
                    self.reply(201, body[::-1], {"ETag": '"abc"'})
            """)
        let client = CurlClient()
        let get = try client.perform(HTTPRequest(url: server.url + "/x", userAgent: "hotfolders-test/1"))
        #expect(get.status == 200)
        #expect(get.text == "agent=hotfolders-test/1")
        #expect(get.headers["x-answer"] == "42")
        let put = try client.perform(HTTPRequest(method: "PUT", url: server.url + "/y", body: Array("hello".utf8)))
        #expect(put.status == 201 && put.text == "olleh" && put.headers["etag"] == "\"abc\"")
        let empty = try client.perform(HTTPRequest(method: "PUT", url: server.url + "/z", body: []))
        #expect(empty.status == 201 && empty.body.isEmpty)

        server.stop()
        do {
            _ = try client.perform(HTTPRequest(url: server.url + "/x", connectTimeoutSeconds: 2))
            Issue.record("a stopped server answered")
        } catch let error as CurlError {
            #expect(error.isTransient, "\(error)")
        }
    }
}
