import Foundation

/// The key pair requests are signed with, and where it came from (for messages). Its
/// description never shows the secret, so it is safe in a log line or an event.
public struct AWSCredentials: Sendable, CustomStringConvertible {
    public var accessKeyID: String
    let secretAccessKey: String
    let sessionToken: String?
    /// "the environment (AWS_ACCESS_KEY_ID)" or "profile \"x\" in /home/me/.aws/credentials".
    public var source: String

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, source: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.source = source
    }

    public var description: String { "access key \(accessKeyID) from \(source)" }

    /// Where the keys come from, in this order: the config's `profile` (from the credentials
    /// file only); else `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (and
    /// `AWS_SESSION_TOKEN`); else the profile `AWS_PROFILE` names, or `default`. The file is
    /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
    public static func resolve(profile: String?, environment: [String: String]) throws(DeployError) -> AWSCredentials {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if profile == nil, let id = value("AWS_ACCESS_KEY_ID") {
            guard let secret = value("AWS_SECRET_ACCESS_KEY") else {
                throw DeployError(.album, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both, "
                    + "or neither and use ~/.aws/credentials")
            }
            return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN"),
                                  source: "the environment (AWS_ACCESS_KEY_ID)")
        }
        let name = profile ?? value("AWS_PROFILE") ?? "default"
        let file = value("AWS_SHARED_CREDENTIALS_FILE")
            ?? ConfigContext.home(in: environment) + "/.aws/credentials"
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw DeployError(.album, "no credentials to deploy with: \(file) cannot be read and AWS_ACCESS_KEY_ID is not set. "
                + "Add a [\(name)] section with aws_access_key_id and aws_secret_access_key to \(file), "
                + "or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the agent's environment")
        }
        let profiles = parseINI(text)
        guard let section = profiles[name] else {
            let known = profiles.keys.sorted().map { "[\($0)]" }.joined(separator: ", ")
            throw DeployError(.album, "profile \"\(name)\" is not in \(file) (it has \(known.isEmpty ? "no profiles" : known)); "
                + "add it, or set deploy.profile to one of those")
        }
        guard let id = section["aws_access_key_id"], !id.isEmpty, let secret = section["aws_secret_access_key"], !secret.isEmpty else {
            throw DeployError(.album, "profile \"\(name)\" in \(file) needs both aws_access_key_id and aws_secret_access_key")
        }
        return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: section["aws_session_token"],
                              source: "profile \"\(name)\" in \(file)")
    }

    /// `[name]` sections of `key = value` lines; `#` and `;` start comments.
    static func parseINI(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                var name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                // ~/.aws/config spells sections [profile name]; accept that here too.
                if name.hasPrefix("profile ") { name = name.dropFirst("profile ".count).trimmingCharacters(in: .whitespaces) }
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
            } else if let current, let equals = line.firstIndex(of: "=") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                sections[current]?[key] = value
            }
        }
        return sections
    }
}
