import Foundation

/// One `[generators.<name>]` table: a program or a web service that turns a photo into a style's
/// result, how long it may take, how many requests it takes at once and how failures are retried.
public struct GeneratorSettings: Sendable, Equatable {
    /// `type = "command" | "http"`.
    public enum Kind: String, Sendable, CaseIterable {
        /// A program run on this machine (no shell) with an argument template.
        case command
        /// A web service speaking the Replicate predictions protocol.
        case http
    }

    public var name: String
    public var kind: Kind = .command

    // Both kinds.
    /// One style's whole run: the command, or a prediction from creation to download.
    public var timeout: Duration = .seconds(600)
    /// Styles rendered by this generator at the same time, across every photo in flight.
    public var maxInFlight: Int = 1
    /// How often a transient failure is tried again (a command that timed out; an HTTP 429, 5xx
    /// or lost connection), waiting `retryWait`, then twice that, and so on (or what the
    /// server's Retry-After says).
    public var retries: Int = 2
    public var retryWait: Duration = .seconds(2)
    /// The photo is scaled down to fit this before it is handed over (generators work at about
    /// 1024 px); nil hands over the preprocessed photo as it is.
    public var maxEdge: Int? = 1024
    /// How the photo is handed over.
    public var inputFormat: OutputFormat = .png
    /// Values for `{field}`s a style does not set (`num_inference_steps = 24`, `guidance_scale = 3.5`).
    public var defaults: [String: StyleValue] = [:]

    // command
    /// The argument vector, each element a template (`"{input}"`, `"--seed={seed}"`).
    public var command: [String] = []
    /// Where the command runs (default: the agent's current directory).
    public var workingDirectory: URL?

    // http
    /// The service's base URL (`https://api.replicate.com`).
    public var url: String = "https://api.replicate.com"
    /// The model version to run (`POST /v1/predictions`), or
    public var version: String?
    /// a model by name (`owner/name`: `POST /v1/models/owner/name/predictions`).
    public var model: String?
    /// The environment variable the API token is read from.
    public var tokenVariable: String = "REPLICATE_API_TOKEN"
    /// The token itself, read from `tokenVariable` when the configuration is loaded; never shown.
    public var token: String?
    /// The prediction's `input` object: each value a template (`"{prompt}"`); a value that is
    /// one placeholder alone keeps its type (`"{seed}"` is a number), and one whose field the
    /// style does not have is left out.
    public var input: [String: StyleValue] = GeneratorSettings.replicateInput
    /// Each single HTTP request (create, poll, download).
    public var requestTimeout: Duration = .seconds(60)
    /// Time between two looks at a running prediction.
    public var pollInterval: Duration = .seconds(2)

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
        if kind == .http {
            maxInFlight = 2
            retries = 3
            inputFormat = .jpeg
        }
    }

    /// What a FLUX Kontext LoRA model on Replicate takes, in the seed registry's terms.
    public static let replicateInput: [String: StyleValue] = [
        "input_image": .text("{image}"), "prompt": .text("{prompt}"), "negative_prompt": .text("{negative_prompt}"),
        "seed": .text("{seed}"), "lora_weights": .text("{lora}"), "lora_scale": .text("{lora_scale}"),
        "num_inference_steps": .text("{num_inference_steps}"), "guidance_scale": .text("{guidance_scale}"),
    ]

    /// One line for `hotfolders styles` (never the token).
    public var summary: String {
        var parts: [String]
        switch kind {
        case .command:
            parts = ["command " + command.map { Self.shellWord($0) }.joined(separator: " ")]
            if let workingDirectory { parts.append("in \(workingDirectory.path)") }
        case .http:
            parts = ["http \(url)", version.map { "version \($0)" } ?? model.map { "model \($0)" } ?? "",
                     "token from $\(tokenVariable)", "poll every \(ConfigDuration.text(pollInterval))"]
        }
        parts += ["timeout \(ConfigDuration.text(timeout))", "\(maxInFlight) at a time",
                  "\(retries) \(retries == 1 ? "retry" : "retries")",
                  maxEdge.map { "photo at \($0) px as \(inputFormat.rawValue)" } ?? "photo as \(inputFormat.rawValue)"]
        return parts.filter { !$0.isEmpty }.joined(separator: ", ")
    }

    /// An argument as a shell would need it quoted, for showing only (nothing runs a shell).
    static func shellWord(_ word: String) -> String {
        let plain = !word.isEmpty && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+=:,@%{}".contains($0)) }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
