/// `[defaults.deploy]` / `[album."X".deploy]`: where an album's outputs and manifest are
/// published (any S3-compatible store), how they are named and cached, and the optional
/// CloudFront invalidation after each deploy batch. Credentials are never part of the config:
/// they come from the environment or `~/.aws/credentials` (`profile`).
public struct DeploySettings: Sendable, Equatable {
    /// `s3://bucket/prefix/{album}/{variant}/`; required when `rules` include "deploy".
    public var target: DeployTarget? = nil
    /// The S3 endpoint (`https://host[:port]`); nil means AWS's own for `region`.
    public var endpoint: String? = nil
    public var region: String = "us-east-1"
    /// `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (most S3-compatible
    /// servers, and bucket names with dots over HTTPS, need it).
    public var pathStyle: Bool = false
    /// The `~/.aws/credentials` profile; nil: `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` from the
    /// environment, else the profile `AWS_PROFILE` names, else `default`.
    public var profile: String? = nil
    public var names: ObjectNames = .hashed
    /// The public base URL objects are reached at (a CDN), for the manifest's `url`s; nil: the
    /// endpoint's own URL of each object.
    public var publicURL: String? = nil
    /// Cache-Control per variant (`web`, `512`, ...); a variant not listed gets the default of `names`.
    public var cacheControl: [String: String] = [:]
    /// The manifest changes with every photo: a short lifetime, so clients see new photos soon.
    public var manifestCacheControl: String = "public, max-age=60"
    /// Files larger than this go up in parts (multipart upload).
    public var multipartThresholdMiB: Int = 16
    public var partSizeMiB: Int = 8
    /// Retries of a request after a transient failure (timeout, refused, 5xx, 429), with
    /// exponential backoff and jitter; after that the photo stays pending for a later pass.
    public var retries: Int = 5
    /// The least time one request may take; larger bodies get more (at 1 MiB/s).
    public var timeout: Duration = .seconds(60)
    public var cloudFront = CloudFrontSettings()

    public init() {}

    /// The Cache-Control header for an object of `variant`.
    public func cacheControl(forVariant variant: String) -> String {
        if let explicit = cacheControl[variant] { return explicit }
        return names.defaultCacheControl
    }

    /// The endpoint actually used: the configured one, or AWS's regional one.
    public var effectiveEndpoint: String {
        endpoint ?? (region == "us-east-1" ? "https://s3.amazonaws.com" : "https://s3.\(region).amazonaws.com")
    }
}

/// `names = "hashed" | "plain"`: how object keys are named.
public enum ObjectNames: String, Sendable, CaseIterable {
    /// `IMG_1.3f2a9c1b7d4e.webp`: the name changes when the content does, so objects can be
    /// cached for a year as immutable and a changed photo never shows stale; the manifest maps
    /// each photo to its current keys.
    case hashed
    /// `IMG_1.webp`, as in the outbox: stable links; a changed photo overwrites its object, so
    /// caches hold it for a shorter time (and CloudFront invalidation clears them).
    case plain

    var defaultCacheControl: String {
        switch self {
        case .hashed: "public, max-age=31536000, immutable"
        case .plain: "public, max-age=3600"
        }
    }
}

/// `[defaults.deploy.cloudfront]`: invalidate the changed paths of an album after a deploy batch.
public struct CloudFrontSettings: Sendable, Equatable {
    /// The distribution in front of the bucket; nil: no invalidation.
    public var distributionID: String? = nil
    /// At most one invalidation request per album in this time; paths changed meanwhile wait
    /// and go together in the next one.
    public var window: Duration = .seconds(300)
    public var endpoint: String = "https://cloudfront.amazonaws.com"

    public init() {}
}

/// A deploy target `s3://bucket/prefix/{album}/{variant}/`, parsed: the bucket, and the key
/// prefix with its two placeholders.
public struct DeployTarget: Sendable, Equatable, CustomStringConvertible {
    public var bucket: String
    /// The key prefix after the bucket, always ending in `/` (or empty), with `{album}` and
    /// `{variant}` in it.
    public var keyTemplate: String

    /// Parses the config's spelling; the message says what is wrong.
    init(parsing text: String) throws(ValueProblem) {
        let example = "s3://bucket/prefix/{album}/{variant}/"
        guard text.hasPrefix("s3://") else {
            throw ValueProblem(expected: "an S3 target such as \"\(example)\"", found: TOMLReader.quoted(text))
        }
        let rest = text.dropFirst("s3://".count)
        let bucket = String(rest.prefix { $0 != "/" })
        guard !bucket.isEmpty, bucket.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) else {
            throw ValueProblem("\(TOMLReader.quoted(text)) has no valid bucket name after s3://; expected \"\(example)\"")
        }
        var template = String(rest.dropFirst(bucket.count)).drop { $0 == "/" }.description
        if !template.isEmpty && !template.hasSuffix("/") { template += "/" }
        for placeholder in ["{album}", "{variant}"] where !template.contains(placeholder) {
            throw ValueProblem("\(TOMLReader.quoted(text)) has no \(placeholder) in its key; every album and variant needs "
                + "its own folder, as in \"\(example)\"")
        }
        let others = template.replacingOccurrences(of: "{album}", with: "").replacingOccurrences(of: "{variant}", with: "")
        guard !others.contains("{"), !others.contains("}"), !template.contains("//") else {
            throw ValueProblem("\(TOMLReader.quoted(text)): only {album} and {variant} may be used, once each, "
                + "between single slashes, as in \"\(example)\"")
        }
        self.bucket = bucket
        self.keyTemplate = template
    }

    /// The folder an album's variant goes to: `prefix/Trip/512/`.
    public func folder(album: String, variant: String) -> String {
        keyTemplate.replacingOccurrences(of: "{album}", with: album).replacingOccurrences(of: "{variant}", with: variant)
    }

    /// The album's manifest: the template with its `{variant}` folder taken out,
    /// `prefix/Trip/manifest.json`.
    public func manifestKey(album: String) -> String {
        let folders = keyTemplate.split(separator: "/").filter { $0 != "{variant}" }
            .map { $0.replacingOccurrences(of: "{variant}", with: "") }.filter { !$0.isEmpty }
        let prefix = folders.joined(separator: "/").replacingOccurrences(of: "{album}", with: album)
        return (prefix.isEmpty ? "" : prefix + "/") + "manifest.json"
    }

    public var description: String { "s3://\(bucket)/\(keyTemplate)" }
}

extension DeploySettings {
    /// A region as SigV4 puts it in the credential scope: lower-case letters, digits and dashes.
    static func checkedRegion(_ text: String) throws -> String {
        guard text.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) else {
            throw ValueProblem(expected: #"a region name such as "eu-west-1""#, found: TOMLReader.quoted(text))
        }
        return text
    }
}
