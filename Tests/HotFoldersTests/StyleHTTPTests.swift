import Foundation
import Testing
import Curl
import Vips
@testable import HotFolders

/// The `http` generator against a stand-in written for these tests that speaks the Replicate
/// predictions protocol: create, poll, download; 429 with Retry-After, 500, a failed prediction,
/// a slow one, a wrong token, and a cap on predictions in flight.
@Suite struct StyleHTTPTests {
    /// What the prompt says decides how the stand-in behaves: "throttle" answers the first
    /// creation with 429, "flaky" the first poll with 500, "broken" fails the prediction,
    /// "slow" never finishes, "elsewhere" puts the output on another host name. The output is
    /// the input image itself. `GET /_state` tells the test what happened.
    static let replicate = """
        import base64, http.server, json, threading, time
        TOKEN = "Bearer secret-123"
        lock = threading.Lock()
        state = {"requests": [], "open": 0, "max_open": 0, "cancelled": []}
        predictions = {}
        once = set()
        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *a): pass
            def reply(self, code, obj=None, raw=None, ctype="application/json", extra={}):
                body = raw if raw is not None else json.dumps(obj).encode()
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                for k, v in extra.items(): self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def note(self, body=None):
                with lock:
                    state["requests"].append({"method": self.command, "path": self.path, "time": time.time(),
                                              "auth": self.headers.get("Authorization"), "body": body})
            def view(self, p):
                out = {k: p[k] for k in ("id", "status", "output", "error", "logs") if k in p}
                out["urls"] = {"get": "http://127.0.0.1:%d/v1/predictions/%s" % (self.server.server_port, p["id"])}
                return out
            def finish_one(self, p):
                if not p.get("finished"):
                    p["finished"] = True
                    with lock: state["open"] -= 1
            def do_GET(self):
                if self.path == "/_state":
                    with lock: return self.reply(200, state)
                self.note()
                if self.path.startswith("/files/"):
                    p = predictions[self.path.split("/")[2]]
                    self.finish_one(p)
                    return self.reply(200, raw=p["image"], ctype="image/jpeg")
                if self.headers.get("Authorization") != TOKEN: return self.reply(401, {"detail": "Invalid token."})
                pid = self.path.rsplit("/", 1)[1]
                p = predictions.get(pid)
                if p is None: return self.reply(404, {"detail": "Not found."})
                prompt = p["input"].get("prompt", "")
                if "flaky" in prompt and ("poll500", pid) not in once:
                    once.add(("poll500", pid))
                    return self.reply(500, {"detail": "Internal server error"})
                p["polls"] += 1
                if "slow" in prompt or p["polls"] < 2:
                    p["status"] = "processing"
                elif "broken" in prompt:
                    p["status"] = "failed"; p["error"] = "NSFW content detected"; p["logs"] = "safety checker tripped"
                    self.finish_one(p)
                else:
                    p["status"] = "succeeded"
                    host = "localhost" if "elsewhere" in prompt else "127.0.0.1"
                    p["output"] = ["http://%s:%d/files/%s/out.jpg" % (host, self.server.server_port, pid)]
                    p["logs"] = "100%|##########| 24/24"
                self.reply(200, self.view(p))
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
                self.note(body)
                if self.headers.get("Authorization") != TOKEN: return self.reply(401, {"detail": "Invalid token."})
                if self.path.endswith("/cancel"):
                    pid = self.path.split("/")[3]
                    with lock: state["cancelled"].append(pid)
                    predictions[pid]["status"] = "canceled"
                    self.finish_one(predictions[pid])
                    return self.reply(200, self.view(predictions[pid]))
                prompt = body.get("input", {}).get("prompt", "")
                if "throttle" in prompt and ("create429", prompt) not in once:
                    once.add(("create429", prompt))
                    return self.reply(429, {"detail": "Request was throttled."}, extra={"Retry-After": "1"})
                image = body["input"]["input_image"]
                pid = "p%d" % (len(predictions) + 1)
                predictions[pid] = {"id": pid, "status": "starting", "input": body["input"], "polls": 0,
                                    "image": base64.b64decode(image.split(",", 1)[1])}
                with lock:
                    state["open"] += 1
                    state["max_open"] = max(state["max_open"], state["open"])
                self.reply(201, self.view(predictions[pid]))
        """

    /// A registry in TOML with one style per behaviour.
    static let styles = """
        [Van_Gogh]
        prompt = "<Transform into Van Gogh style>, swirling brushstrokes, ok"
        negative_prompt = "photorealistic"
        path = "Kontext-Style/Van_Gogh_lora"
        lora_scale = 0.8
        text_encoder_scale = 0.6

        [Throttled]
        prompt = "throttle"

        [Flaky]
        prompt = "flaky"

        [Broken]
        prompt = "broken"

        [Slow]
        prompt = "slow"

        [Elsewhere]
        prompt = "elsewhere"
        """

    let server: LocalHTTPServer
    let dir = TemporaryDirectory("stylehttp")

    init() throws {
        server = try LocalHTTPServer(script: Self.replicate)
        try Self.styles.write(to: dir.path("styles.toml"), atomically: false, encoding: .utf8)
    }

    func serverState() throws -> [String: Any] {
        let response = try CurlClientForTests.get(server.url + "/_state")
        return try #require(try JSONSerialization.jsonObject(with: Data(response)) as? [String: Any])
    }

    func requests() throws -> [[String: Any]] { try serverState()["requests"] as? [[String: Any]] ?? [] }

    func workspace(_ label: String, styles: [String], extra: String = "", generator: String = "",
                   token: String = "secret-123", timeout: String = "30s") throws -> TestWorkspace {
        let ws = TestWorkspace(label)
        try ws.configure("""
            styles_file = \(TOMLReader.quoted(dir.path("styles.toml").path))

            [generators.replicate]
            type = "http"
            url = \(TOMLReader.quoted(server.url))
            version = "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa"
            token_env = "HF_TEST_TOKEN"
            poll_interval = "100ms"
            retry_wait = "100ms"
            timeout = "\(timeout)"
            max_edge = 256
            \(generator)
            [generators.replicate.defaults]
            num_inference_steps = 24
            guidance_scale = 3.5

            [defaults]
            rules = ["preprocess", "style"]
            styles = [\(styles.map(TOMLReader.quoted).joined(separator: ", "))]
            \(extra)
            """, environment: ["HF_TEST_TOKEN": token])
        return ws
    }

    @Test func aPredictionCarriesThePhotoPromptSeedAndStrengthsAndItsOutputLandsInTheStyleFolder() async throws {
        let ws = try workspace("replicate", styles: ["Van_Gogh", "sepia"])
        try ws.dropGenerated(album: "Trip", as: "IMG_1.jpg", width: 600, height: 400)

        let (summary, _) = try await ws.process()
        #expect(summary.processed == 1)
        #expect(ws.files(in: ws.layout.outbox(album: "Trip")) == ["Van_Gogh/IMG_1.webp", "sepia/IMG_1.webp", "web/IMG_1.webp"])

        let create = try #require(try requests().first { $0["method"] as? String == "POST" })
        #expect(create["path"] as? String == "/v1/predictions" && create["auth"] as? String == "Bearer secret-123")
        let body = try #require(create["body"] as? [String: Any])
        #expect(body["version"] as? String == "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa")
        let input = try #require(body["input"] as? [String: Any])
        let result = try #require(try ws.styleResults().first { $0.style == "Van_Gogh" })
        #expect(input["seed"] as? Int == Int(result.seed), "the seed is sent as a number and recorded")
        #expect(input["prompt"] as? String == "<Transform into Van Gogh style>, swirling brushstrokes, ok")
        #expect(input["negative_prompt"] as? String == "photorealistic")
        #expect(input["lora_weights"] as? String == "Kontext-Style/Van_Gogh_lora")
        #expect(input["lora_scale"] as? Double == 0.8 && input["num_inference_steps"] as? Int == 24 && input["guidance_scale"] as? Double == 3.5)
        #expect((input["input_image"] as? String)?.hasPrefix("data:image/jpeg;base64,") == true)

        let output = try VipsImage.open(path: ws.layout.outbox(album: "Trip", variant: "Van_Gogh").appendingPathComponent("IMG_1.webp").path)
        #expect(output.width == 256 && output.height == 171, "the photo went at max_edge and came back")
        #expect(result.status == .done && result.backend == "replicate" && result.remoteID == "p1")
        let styled = try #require(ws.events("styled").first { $0["style"] as? String == "Van_Gogh" })
        #expect(styled["seed"] as? String == String(result.seed) && styled["remote_id"] as? String == "p1")
    }

    @Test func throttlingAndServerErrorsAreRetriedHonouringRetryAfter() async throws {
        let ws = try workspace("retry", styles: ["Throttled", "Flaky"])
        try ws.dropGenerated(album: "A", as: "x.jpg")
        let (summary, _) = try await ws.process()
        #expect(summary.processed == 1)
        #expect(ws.files(in: ws.layout.outbox(album: "A")) == ["Flaky/x.webp", "Throttled/x.webp", "web/x.webp"])

        let posts = try requests().filter { $0["method"] as? String == "POST" }
        let throttled = posts.filter { (($0["body"] as? [String: Any])?["input"] as? [String: Any])?["prompt"] as? String == "throttle" }
        #expect(throttled.count == 2)
        if throttled.count == 2, let first = throttled[0]["time"] as? Double, let second = throttled[1]["time"] as? Double {
            #expect(second - first >= 0.95, "waited as Retry-After said (\(second - first) s)")
        }
        let results = try ws.styleResults()
        #expect(results.allSatisfy { $0.status == .done && $0.attempts == 2 }, "\(results.map { ($0.style, $0.attempts) })")
    }

    @Test func aFailedASlowAndARefusedPredictionFailOnlyTheirStyles() async throws {
        let ws = try workspace("failures", styles: ["Broken", "grain"])
        try ws.dropGenerated(album: "A", as: "x.jpg")
        let (summary, _) = try await ws.process()
        #expect(summary.processed == 1 && summary.failed == 0)
        #expect(ws.files(in: ws.layout.outbox(album: "A")) == ["grain/x.webp", "web/x.webp"])
        let broken = try #require(try ws.styleResults().first { $0.style == "Broken" })
        #expect(broken.status == .failed && broken.error?.contains("NSFW content detected") == true)
        #expect(broken.errorDetail == "safety checker tripped", "the prediction's logs are kept")
        #expect(ws.events("style_failed").count == 1)

        let slow = try workspace("slow", styles: ["Slow", "sepia"], timeout: "1500ms")
        try slow.dropGenerated(album: "A", as: "x.jpg")
        _ = try await slow.process()
        #expect(slow.files(in: slow.layout.outbox(album: "A")) == ["sepia/x.webp", "web/x.webp"])
        let late = try #require(try slow.styleResults().first { $0.style == "Slow" })
        #expect(late.status == .failed && late.error?.contains("longer than 1s500ms") == true)
        #expect(try serverState()["cancelled"] as? [String] == [late.remoteID ?? "?"], "the slow one was cancelled")

        let refused = try workspace("token", styles: ["Van_Gogh"], token: "wrong")
        try refused.dropGenerated(album: "A", as: "y.jpg")
        _ = try await refused.process()
        let result = try #require(try refused.styleResults().first)
        #expect(result.error?.contains("refused the API token ($HF_TEST_TOKEN) with HTTP 401") == true, "\(result.error ?? "")")
        #expect(result.errorDetail == "Invalid token.")
    }

    @Test func theTokenNeverLeavesTheServicesHost() async throws {
        let ws = try workspace("leak", styles: ["Elsewhere"])
        try ws.dropGenerated(album: "A", as: "x.jpg")
        _ = try await ws.process()
        #expect(try ws.styleResults().first?.status == .done)
        let download = try #require(try requests().first { ($0["path"] as? String)?.hasPrefix("/files/") == true })
        #expect(download["auth"] is NSNull || download["auth"] == nil, "the output host got the token")
    }

    @Test(arguments: [1, 2])
    func predictionsInFlightStayUnderTheCap(cap: Int) async throws {
        let ws = try workspace("cap\(cap)", styles: ["Van_Gogh"], generator: "max_in_flight = \(cap)")
        ws.configuration.workers = 4
        for n in 1...4 { try ws.dropGenerated(album: "A", as: "p\(n).jpg", seed: n) }
        let (summary, _) = try await ws.process()
        #expect(summary.processed == 4)
        let state = try serverState()
        #expect(state["max_open"] as? Int ?? 99 <= cap, "\(state["max_open"] ?? "?") predictions at once")
        #expect(try requests().filter { $0["method"] as? String == "POST" }.count == 4)
        #expect(try ws.styleResults().allSatisfy { $0.status == .done })
    }

    @Test func aFixedSeedIsSentAndRestyleSendsTheRecordedSeedAgain() async throws {
        let ws = try workspace("seed", styles: ["Van_Gogh"], extra: "[defaults.style]\nseed = 1234")
        try ws.dropGenerated(album: "A", as: "x.jpg")
        _ = try await ws.process()
        #expect(try ws.styleResults().first?.seed == 1234)

        let workspace = try ws.open()
        let restyler = Restyler(workspace: workspace)
        let target = try restyler.target(for: ws.layout.originals(album: "A").appendingPathComponent("x.jpg").path,
                                         album: nil, currentDirectory: ws.dir.url)
        let again = try await restyler.restyle(target, style: "Van_Gogh")
        let other = try await restyler.restyle(target, style: "Van_Gogh", seed: .given(99))
        #expect(again.failure == nil && again.seed == 1234 && other.seed == 99)
        let seeds = try requests().filter { $0["method"] as? String == "POST" }
            .compactMap { (($0["body"] as? [String: Any])?["input"] as? [String: Any])?["seed"] as? Int }
        #expect(seeds == [1234, 1234, 99])
        #expect(try ws.styleResults().first?.seed == 99, "the catalog keeps the seed of the result now in the outbox")
    }
}

/// A plain GET for reading the stand-in's state.
enum CurlClientForTests {
    static func get(_ url: String) throws -> [UInt8] {
        try CurlClient().perform(HTTPRequest(url: url)).body
    }
}
