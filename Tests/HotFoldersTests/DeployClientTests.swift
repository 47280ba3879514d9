import Curl
import Foundation
import Testing
@testable import HotFolders

/// The S3 and CloudFront requests against local stand-ins (Python's http.server) that answer
/// what a real store answers in bad moments (busy, refusing a digest, no bucket, a clock
/// off), and that check each request the way AWS does: the SigV4 signature recomputed from the
/// request with the secret, the body's SHA-256 and its Content-MD5.
@Suite struct DeployClientTests {
    static let secret = "stand-in-secret"
    static let credentials = AWSCredentials(accessKeyID: "STANDINKEY", secretAccessKey: secret, source: "the test")

    /// A stand-in that verifies every request and answers from `answers` in turn (the last one
    /// repeats). Each answer is (status, S3 error code or "", ETag mode: "md5" or a literal).
    /// GET /__log returns what it saw as JSON.
    static func standIn(_ answers: [(Int, String, String)], service: String = "s3", key: String = "STANDINKEY",
                        secret: String = secret) throws -> LocalHTTPServer {
        let plan = answers.map { "(\($0.0), \"\($0.1)\", \"\($0.2)\")" }.joined(separator: ", ")
        return try LocalHTTPServer(script: """
            import base64, hashlib, hmac, http.server, json, re
            SECRET, KEY, SERVICE = "\(secret)", "\(key)", "\(service)"
            PLAN = [\(plan)]
            seen = []
            def mac(key, text): return hmac.new(key, text.encode(), hashlib.sha256).digest()
            def signature_ok(h, method, body):
                m = re.match(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?"
                             r"SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)", h.headers.get("Authorization", ""))
                if not m: return "no SigV4 Authorization"
                key, day, region, service, signed, sig = m.groups()
                if key != KEY or service != SERVICE: return "wrong key or service " + key + " " + service
                path, _, query = h.path.partition("?")
                query = "&".join(sorted(p if "=" in p else p + "=" for p in query.split("&") if p))
                headers = "".join(n + ":" + " ".join(h.headers.get(n, "").split()) + "\\n" for n in signed.split(";"))
                payload = h.headers.get("x-amz-content-sha256", "")
                if payload != hashlib.sha256(body).hexdigest(): return "x-amz-content-sha256 is not the body's"
                canonical = "\\n".join([method, path, query, headers, signed, payload])
                scope = day + "/" + region + "/" + service + "/aws4_request"
                text = "\\n".join(["AWS4-HMAC-SHA256", h.headers["x-amz-date"], scope,
                                   hashlib.sha256(canonical.encode()).hexdigest()])
                k = mac(("AWS4" + SECRET).encode(), day)
                for part in (region, service, "aws4_request"): k = mac(k, part)
                return None if hmac.new(k, text.encode(), hashlib.sha256).hexdigest() == sig else "signature mismatch"
            class H(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def log_message(self, *a): pass
                def reply(self, code, body=b"", extra={}):
                    self.send_response(code)
                    for k, v in extra.items(): self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def do_GET(self):
                    self.reply(200, json.dumps(seen).encode())
                def handle_any(self, method):
                    body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                    problem = signature_ok(self, method, body)
                    md5 = self.headers.get("Content-MD5")
                    if md5 is not None and base64.b64decode(md5) != hashlib.md5(body).digest(): problem = "Content-MD5 is not the body's"
                    seen.append({"method": method, "path": self.path, "problem": problem, "md5": md5,
                                 "body": body.decode("utf-8", "replace") if SERVICE == "cloudfront" else len(body),
                                 "type": self.headers.get("Content-Type"), "cache": self.headers.get("Cache-Control")})
                    if problem:
                        return self.reply(403, b"<Error><Code>SignatureDoesNotMatch</Code><Message>" + problem.encode() + b"</Message></Error>")
                    status, code, etag = PLAN[min(len(seen) - 1, len(PLAN) - 1)]
                    if code:
                        return self.reply(status, ("<Error><Code>" + code + "</Code></Error>").encode())
                    if SERVICE == "cloudfront":
                        return self.reply(201, ("<Invalidation><Id>I" + str(len(seen)) + "</Id></Invalidation>").encode())
                    tag = hashlib.md5(body).hexdigest() if etag == "md5" else etag
                    self.reply(status, b"", {"ETag": '"' + tag + '"'})
                def do_PUT(self): self.handle_any("PUT")
                def do_POST(self): self.handle_any("POST")
            """)
    }

    static func log(_ server: LocalHTTPServer) throws -> [[String: Any]] {
        let response = try CurlClient().perform(HTTPRequest(url: server.url + "/__log"))
        return try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] ?? []
    }

    static func uploader(_ server: LocalHTTPServer, retries: Int = 3) -> ObjectUploader {
        let client = S3Client(endpoint: server.url, bucket: "photos", region: "eu-west-3", pathStyle: true,
                              credentials: credentials, minimumTimeout: .seconds(10))
        return ObjectUploader(client: client, retry: RetryPolicy(retries: retries, base: .milliseconds(20)),
                              multipartThreshold: 1 << 20, partSize: 5 << 20, onRetry: { _, _, _, _ in })
    }

    static let body = Array("not really a photo, but bytes all the same".utf8)

    @Test func busyStoreIsRetriedWithBackoffAndEveryTryIsSignedWithItsDigests() async throws {
        let server = try Self.standIn([(503, "SlowDown", ""), (500, "InternalError", ""), (200, "", "md5")])
        let uploaded = try await Self.uploader(server).upload(key: "Trip/web/IMG 1.webp", bytes: Self.body, digest: Digest(of: Self.body),
                                                              contentType: "image/webp", cacheControl: "public, max-age=60")
        #expect(uploaded.etag == Digest(of: Self.body).md5Hex && uploaded.parts == 1)
        let seen = try Self.log(server)
        #expect(seen.count == 3)
        for request in seen {
            #expect(request["problem"] is NSNull, "\(request)")
            #expect(request["path"] as? String == "/photos/Trip/web/IMG%201.webp")
            #expect(request["md5"] as? String == Digest(of: Self.body).md5Base64)
            #expect(request["type"] as? String == "image/webp" && request["cache"] as? String == "public, max-age=60")
        }
    }

    @Test func retriesAreBoundedAndTheFailureStaysTransient() async throws {
        let server = try Self.standIn([(500, "InternalError", "")])
        let error = await #expect(throws: DeployError.self) {
            try await Self.uploader(server, retries: 2).upload(key: "a.jpg", bytes: Self.body, digest: Digest(of: Self.body),
                                                               contentType: "image/jpeg", cacheControl: "x")
        }
        #expect(error?.isTransient == true)
        #expect(try Self.log(server).count == 3)
    }

    @Test(arguments: [
        (400, "BadDigest", DeployError.Scope.photo, "other bytes than were sent"),
        (404, "NoSuchBucket", .album, "bucket \"photos\" does not exist"),
        (403, "RequestTimeTooSkewed", .album, "clock"),
        (403, "AccessDenied", .album, "may not write to bucket"),
        (429, "", .transient, "busy"),
    ])
    func permanentFailuresSayWhatToFixAndAreNotRetried(status: Int, code: String, scope: DeployError.Scope, words: String) async throws {
        let server = try Self.standIn([(status, code.isEmpty ? "TooManyRequests" : code, "")])
        let error = await #expect(throws: DeployError.self) {
            try await Self.uploader(server, retries: scope == .transient ? 0 : 3)
                .upload(key: "a.jpg", bytes: Self.body, digest: Digest(of: Self.body), contentType: "image/jpeg", cacheControl: "x")
        }
        #expect(error?.scope == scope)
        #expect(error?.message.contains(words) == true, "\(String(describing: error))")
        #expect(try Self.log(server).count == 1)
    }

    @Test func anETagThatIsNotTheMD5IsNotTakenAsDeployed() async throws {
        let server = try Self.standIn([(200, "", "0123456789abcdef0123456789abcdef")])
        let error = await #expect(throws: DeployError.self) {
            try await Self.uploader(server).upload(key: "a.jpg", bytes: Self.body, digest: Digest(of: Self.body),
                                                   contentType: "image/jpeg", cacheControl: "x")
        }
        #expect(error?.scope == .photo && error?.message.contains("cannot be verified") == true)
    }

    @Test func cloudFrontInvalidationIsSignedForCloudFrontAndListsThePaths() throws {
        let server = try Self.standIn([(201, "", "")], service: "cloudfront")
        let client = CloudFrontClient(endpoint: server.url, credentials: Self.credentials)
        let id = try client.invalidate(distribution: "E2EXAMPLE", paths: ["/albums/Trip/manifest.json", "/albums/Trip/web/a%20%26b.webp"],
                                       reference: "ref-1")
        #expect(id == "I1")
        let request = try #require(try Self.log(server).first)
        #expect(request["problem"] is NSNull, "\(request)")
        #expect(request["path"] as? String == "/2020-05-31/distribution/E2EXAMPLE/invalidation")
        let xml = try #require(request["body"] as? String)
        #expect(xml.contains("<Quantity>2</Quantity>"))
        #expect(xml.contains("<Path>/albums/Trip/manifest.json</Path><Path>/albums/Trip/web/a%20%26b.webp</Path>"))
        #expect(xml.contains("<CallerReference>ref-1</CallerReference>"))

        let wrong = CloudFrontClient(endpoint: server.url, credentials: AWSCredentials(accessKeyID: "STANDINKEY",
                                                                                       secretAccessKey: "nope", source: "x"))
        let error = #expect(throws: DeployError.self) { try wrong.invalidate(distribution: "E2EXAMPLE", paths: ["/a"], reference: "r") }
        #expect(error?.scope == .album)
    }

    @Test func aCancelledTaskCutsAHangingRequestShort() async throws {
        let server = try LocalHTTPServer(script: """
            import http.server, time
            class H(http.server.BaseHTTPRequestHandler):
                def log_message(self, *a): pass
                def do_PUT(self):
                    time.sleep(90)
            """)
        let client = S3Client(endpoint: server.url, bucket: "b", region: "us-east-1", pathStyle: true, credentials: Self.credentials)
        // On the photo threads, as the deployer runs it; the cancel and both times too, so that
        // test threads held by other suites' waits cannot delay any of it (the cooperative
        // pool has two threads here).
        let task = Task(executorPreference: PhotoExecutor.shared) { () -> (Result<String, DeployError>, ContinuousClock.Instant) in
            let result = Result { () throws(DeployError) -> String in
                try client.putObject(key: "k", body: Self.body, digest: Digest(of: Self.body), headers: [])
            }
            return (result, ContinuousClock.now)
        }
        let cancelled = await Task(executorPreference: PhotoExecutor.shared) { () -> ContinuousClock.Instant in
            try? await Task.sleep(for: .milliseconds(300))
            task.cancel()
            return ContinuousClock.now
        }.value
        let (result, finished) = await task.value
        // Uncancelled, it would wait for its 60 s timeout.
        #expect(finished - cancelled < .seconds(20))
        guard case .failure(let error) = result else {
            Issue.record("the request was not cut short")
            return
        }
        #expect(error.isTransient && error.message.contains("stopped"), "\(error)")
    }
}
