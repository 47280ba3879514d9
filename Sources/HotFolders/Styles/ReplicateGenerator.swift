import Curl
import Foundation
import Vips

/// A `type = "http"` generator speaking the Replicate predictions protocol: create a
/// prediction with the photo (a data URI) and the style's prompt, seed and strengths
/// (`POST /v1/predictions`, or `/v1/models/<owner>/<name>/predictions`), poll it
/// (`GET /v1/predictions/<id>`) until it has succeeded, failed or been cancelled, then download
/// its output. Each request is retried on HTTP 429 and 5xx and on lost connections, waiting as
/// Retry-After says or with a doubling backoff; a prediction still running at `timeout` is
/// cancelled. The token goes only to the service's own host, never to where outputs are kept.
struct ReplicateGenerator: Sendable {
    let settings: GeneratorSettings
    var client = CurlClient()

    static let userAgent = "hotfolders (+https://github.com/) style generator"

    /// Makes the style; `tries` counts requests made again, `remoteID` is the prediction's id
    /// once there is one (kept with a failure too, to look it up on the service).
    func generate(_ job: GeneratorJob, tries: inout Int, remoteID: inout String?) async throws -> GeneratorOutput {
        let started = ContinuousClock.now
        let body = try requestBody(for: job)
        let create = settings.version != nil
            ? "\(settings.url)/v1/predictions"
            : "\(settings.url)/v1/models/\(settings.model ?? "")/predictions"
        var prediction = try await send("POST", create, body: body, tries: &tries, what: "creating the prediction")
        guard let id = prediction["id"] as? String, !id.isEmpty else {
            throw StyleFailure("the generator's answer to a new prediction has no id", detail: Self.excerpt(prediction))
        }
        remoteID = id

        let poll = "\(settings.url)/v1/predictions/\(Self.pathComponent(id))"
        while true {
            let status = prediction["status"] as? String ?? ""
            switch status {
            case "succeeded":
                return GeneratorOutput(image: try await download(prediction, tries: &tries), remoteID: id, log: Self.logs(prediction))
            case "failed":
                let error = (prediction["error"] as? String).map { ": \($0)" } ?? ""
                throw StyleFailure("the generator could not make this style (prediction \(id) failed\(error))", detail: Self.logs(prediction))
            case "canceled", "cancelled", "aborted":
                throw StyleFailure("prediction \(id) was cancelled on the generator's side", detail: Self.logs(prediction))
            default:
                break
            }
            if ContinuousClock.now - started >= settings.timeout {
                // Best effort: the prediction costs money and GPU time while it runs.
                _ = try? client.perform(request("POST", "\(poll)/cancel", body: nil))
                throw StyleFailure("prediction \(id) took longer than \(ConfigDuration.text(settings.timeout)) (timeout) and was cancelled",
                                   detail: Self.logs(prediction))
            }
            try? await Task.sleep(for: min(settings.pollInterval, settings.timeout - (ContinuousClock.now - started) + .milliseconds(1)))
            prediction = try await send("GET", poll, body: nil, tries: &tries, what: "checking prediction \(id)")
        }
    }

    /// `{"version": ..., "input": {...}}`: each `input` template filled from the style and photo.
    private func requestBody(for job: GeneratorJob) throws -> [UInt8] {
        let image: String
        do {
            let bytes = try Encoding(format: settings.inputFormat, quality: 92).encode(job.image)
            image = "data:\(settings.inputFormat.mimeType);base64," + Data(bytes).base64EncodedString()
        } catch {
            throw StyleFailure("the photo could not be encoded for the generator", detail: "\(error)")
        }
        var values = job.values(defaults: settings.defaults)
        values["image"] = .text(image)
        values["input"] = .text(image)
        var input: [String: StyleValue] = [:]
        for (key, template) in settings.input {
            do {
                if let value = try StyleTemplate.value(template, with: values) { input[key] = value }
            } catch {
                throw StyleFailure("input.\(key) of generator \"\(settings.name)\" names {\(error.field)}, which style \"\(job.style.name)\" does not have")
            }
        }
        var body: [String: StyleValue] = ["input": .table(input)]
        if let version = settings.version { body["version"] = .text(version) }
        return Array(StyleValue.table(body).json.utf8)
    }

    /// The output's first image (a URL or a data URI), fetched and read.
    private func download(_ prediction: [String: Any], tries: inout Int) async throws -> VipsImage {
        guard let location = Self.firstLocation(in: prediction["output"]) else {
            throw StyleFailure("the prediction succeeded but has no output image", detail: Self.excerpt(prediction))
        }
        if location.hasPrefix("data:") {
            guard let comma = location.firstIndex(of: ","), let data = Data(base64Encoded: String(location[location.index(after: comma)...])) else {
                throw StyleFailure("the prediction's output is a data URI that cannot be read")
            }
            return try VipsImage.generatorResult(Array(data), from: "the prediction's output")
        }
        let response = try await perform("GET", location, body: nil, tries: &tries, what: "downloading the result")
        return try VipsImage.generatorResult(response.body, from: "the prediction's output")
    }

    // MARK: HTTP

    /// A request answered with a JSON object.
    private func send(_ method: String, _ url: String, body: [UInt8]?, tries: inout Int, what: String) async throws -> [String: Any] {
        let response = try await perform(method, url, body: body, tries: &tries, what: what)
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw StyleFailure("the generator's answer when \(what) is not JSON", detail: String(response.text.prefix(300)))
        }
        return object
    }

    /// One request with retries: 429 and 5xx and lost connections are tried again (waiting as
    /// Retry-After says, else `retry_wait` doubling); any other status other than 2xx fails.
    private func perform(_ method: String, _ url: String, body: [UInt8]?, tries: inout Int, what: String) async throws -> HTTPResponse {
        let policy = StyleRetry(retries: settings.retries, wait: settings.retryWait)
        var attempts = 0
        defer { tries += max(0, attempts - 1) }
        return try await policy.run(attempts: &attempts) {
            let response: HTTPResponse
            do {
                response = try client.perform(request(method, url, body: body))
            } catch let error as CurlError {
                throw StyleFailure("the generator could not be reached when \(what)", detail: error.message, transient: error.isTransient)
            }
            switch response.status {
            case 200..<300:
                return response
            case 429, 500..<600:
                throw StyleFailure("the generator answered HTTP \(response.status) when \(what)", detail: Self.detail(of: response),
                                   transient: true, retryAfter: Self.retryAfter(response))
            case 401, 403:
                throw StyleFailure("the generator refused the API token ($\(settings.tokenVariable)) with HTTP \(response.status) when \(what)",
                                   detail: Self.detail(of: response))
            default:
                throw StyleFailure("the generator answered HTTP \(response.status) when \(what)", detail: Self.detail(of: response))
            }
        }
    }

    private func request(_ method: String, _ url: String, body: [UInt8]?) -> HTTPRequest {
        var headers: [(name: String, value: String)] = []
        // The token is for the service only: output files are often kept on another host.
        if let token = settings.token, Self.origin(of: url) == Self.origin(of: settings.url) {
            headers.append(("Authorization", "Bearer \(token)"))
        }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let seconds = Int((settings.requestTimeout / .seconds(1)).rounded(.up))
        return HTTPRequest(method: method, url: url, headers: headers, body: body, timeoutSeconds: max(1, seconds),
                           connectTimeoutSeconds: min(10, max(1, seconds)), userAgent: Self.userAgent)
    }

    // MARK: Reading answers

    /// `scheme://host:port` of a URL, lower-cased.
    static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return nil }
        return "\(scheme)://\(host):\(components.port ?? (scheme == "https" ? 443 : 80))".lowercased()
    }

    /// Retry-After in seconds (the HTTP-date form is rare from APIs and read as absent).
    static func retryAfter(_ response: HTTPResponse) -> Duration? {
        guard let value = response.headers["retry-after"], let seconds = Double(value.trimmingCharacters(in: .whitespaces)),
              seconds >= 0 else { return nil }
        return .milliseconds(Int64(seconds * 1000))
    }

    /// The server's own words: its JSON `detail` (Replicate's error field), else the body's start.
    static func detail(of response: HTTPResponse) -> String? {
        if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
           let detail = (object["detail"] ?? object["error"] ?? object["title"]) as? String { return detail }
        let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : String(text.prefix(300))
    }

    /// The first URL or data URI in an output, which may be one string, a list, or an object.
    static func firstLocation(in output: Any?) -> String? {
        switch output {
        case let text as String:
            return text.hasPrefix("http://") || text.hasPrefix("https://") || text.hasPrefix("data:") ? text : nil
        case let list as [Any]:
            return list.lazy.compactMap { firstLocation(in: $0) }.first
        case let object as [String: Any]:
            return object.keys.sorted().lazy.compactMap { firstLocation(in: object[$0]) }.first
        default:
            return nil
        }
    }

    /// The end of the prediction's logs, for the event log.
    static func logs(_ prediction: [String: Any]) -> String? {
        guard let logs = prediction["logs"] as? String else { return nil }
        let trimmed = String(logs.suffix(CommandGenerator.logLimit)).trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    static func excerpt(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(String(decoding: data, as: UTF8.self).prefix(300))
    }

    /// An id as one path segment.
    static func pathComponent(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? id
    }
}
