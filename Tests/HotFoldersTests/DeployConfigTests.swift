import Foundation
import Testing
@testable import HotFolders

/// The `derivatives` and `deploy` tables as a photographer writes them: values read, mistakes
/// named with what to write instead, object keys and URLs as a web page will see them, and
/// where the credentials come from (never shown).
@Suite struct DeployConfigTests {
    static let cwd = URL(fileURLWithPath: "/work/here", isDirectory: true)

    func load(_ toml: String) throws -> Configuration {
        try Configuration.decode(toml: "root = \"/srv/hf\"\n" + toml, source: URL(fileURLWithPath: "hf.toml", relativeTo: Self.cwd),
                                 environment: ["HOME": "/home/ann"], currentDirectory: Self.cwd)
    }

    func failure(_ toml: String) -> String {
        errorText(or: "(no error)") { _ = try load(toml) }
    }

    @Test func everyDerivativesAndDeployKeyIsRead() throws {
        let config = try load("""
            [defaults]
            rules = ["preprocess", "derivatives", "deploy"]

            [defaults.derivatives]
            sizes = [1600, 400, 800]
            formats = ["avif", "jpeg"]
            webp_quality = 80
            avif_quality = 60
            jpeg_quality = 88
            webp_effort = 4
            avif_effort = 5
            metadata = "keep"

            [defaults.deploy]
            target = "s3://my.photos/site/{album}/{variant}"
            endpoint = "https://s3.example.com:9000/"
            region = "eu-west-3"
            path_style = true
            profile = "photos"
            names = "plain"
            public_url = "https://cdn.example.com/pics/"
            cache_control = { web = "public, max-age=86400", "400" = "no-cache" }
            manifest_cache_control = "no-cache"
            multipart_threshold_mib = 32
            part_size_mib = 16
            retries = 7
            timeout = "2m"

            [defaults.deploy.cloudfront]
            distribution_id = "E2QWRUHAPOMQZL"
            window = "10m"
            """)
        let derivatives = config.defaults.derivatives
        #expect(derivatives.sizes == [400, 800, 1600])
        #expect(derivatives.formats == [.avif, .jpeg])
        #expect(derivatives.encoding(for: .avif) == Encoding(format: .avif, quality: 60, effort: 5, metadata: .keep))
        #expect(derivatives.encoding(for: .webp) == Encoding(format: .webp, quality: 80, effort: 4, metadata: .keep))
        #expect(derivatives.encoding(for: .jpeg) == Encoding(format: .jpeg, quality: 88, metadata: .keep))
        let deploy = config.defaults.deploy
        #expect(deploy.target?.bucket == "my.photos" && deploy.target?.keyTemplate == "site/{album}/{variant}/")
        #expect(deploy.endpoint == "https://s3.example.com:9000" && deploy.effectiveEndpoint == "https://s3.example.com:9000")
        #expect(deploy.region == "eu-west-3" && deploy.pathStyle && deploy.profile == "photos" && deploy.names == .plain)
        #expect(deploy.publicURL == "https://cdn.example.com/pics")
        #expect(deploy.cacheControl(forVariant: "web") == "public, max-age=86400")
        #expect(deploy.cacheControl(forVariant: "400") == "no-cache")
        #expect(deploy.cacheControl(forVariant: "800") == "public, max-age=3600")
        #expect(deploy.manifestCacheControl == "no-cache")
        #expect(deploy.multipartThresholdMiB == 32 && deploy.partSizeMiB == 16 && deploy.retries == 7 && deploy.timeout == .seconds(120))
        #expect(deploy.cloudFront.distributionID == "E2QWRUHAPOMQZL" && deploy.cloudFront.window == .seconds(600))
        #expect(config.defaults.deploys && config.defaults.keepsManifest)

        let lines = config.defaults.summaryLines
        #expect(lines.contains { $0.hasPrefix("derivatives: sizes = [400, 800, 1600], formats = [\"avif\", \"jpeg\"]") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("deploy: target = \"s3://my.photos/site/{album}/{variant}/\"") }, "\(lines)")
    }

    @Test func defaultsAreTheMeasuredOnes() {
        let settings = AlbumSettings()
        #expect(settings.derivatives.sizes == [256, 512, 1024])
        #expect(settings.derivatives.formats == [.webp, .avif, .jpeg])
        #expect(settings.derivatives.encoding(for: .webp) == Encoding(format: .webp, quality: 85))
        #expect(settings.derivatives.encoding(for: .avif) == Encoding(format: .avif, quality: 75))
        #expect(settings.derivatives.encoding(for: .jpeg) == Encoding(format: .jpeg, quality: 90))
        #expect(Encoding.defaultEffort(for: .avif) == 3)
        #expect(settings.deploy.effectiveEndpoint == "https://s3.amazonaws.com")
        #expect(settings.deploy.cacheControl(forVariant: "512") == "public, max-age=31536000, immutable")
        #expect(!settings.deploys && !settings.keepsManifest)
    }

    @Test(arguments: [
        ("[defaults.deploy]\ntarget = \"https://bucket/x/\"", "defaults.deploy.target", "expected an S3 target such as"),
        ("[defaults.deploy]\ntarget = \"s3://bucket/{album}/\"", "defaults.deploy.target", "has no {variant} in its key"),
        ("[defaults.deploy]\ntarget = \"s3://bucket/{album}/{variant}/{photo}/\"", "defaults.deploy.target", "only {album} and {variant}"),
        ("[defaults.deploy]\ntarget = \"s3:///{album}/{variant}\"", "defaults.deploy.target", "no valid bucket name"),
        ("[defaults]\nrules = [\"preprocess\", \"deploy\"]", "defaults.deploy.target", "required when rules include \"deploy\""),
        ("[defaults]\nrules = [\"derivatives\", \"preprocess\"]", "defaults.rules", "list \"preprocess\" before \"derivatives\""),
        ("[defaults.derivatives]\nsizes = []", "defaults.derivatives.sizes", "found an empty list"),
        ("[defaults.derivatives]\nsizes = [256, 256]", "defaults.derivatives.sizes", "256 is listed twice"),
        ("[defaults.derivatives]\nformats = [\"webp\", \"jpg\"]", "defaults.derivatives.formats", "(did you mean \"jpeg\"?)"),
        ("[defaults.derivatives]\navif_effort = 10", "defaults.derivatives.avif_effort", "from 0 to 9"),
        ("[defaults.deploy]\nregion = \"EU-West-1\"", "defaults.deploy.region", "a region name"),
        ("[defaults.deploy]\nendpoint = \"s3.example.com\"", "defaults.deploy.endpoint", "is not an http:// or https:// URL"),
        ("[defaults.deploy]\npart_size_mib = 4", "defaults.deploy.part_size_mib", "from 5 to 512"),
        ("[defaults.deploy]\ncache_control = { web = 60 }", "defaults.deploy.cache_control", "\"web\": expected a non-empty string"),
        ("[defaults.deploy]\npath_style = \"yes\"", "defaults.deploy.path_style", "expected true or false"),
        ("[defaults.deploy.cloudfront]\ndistribution_id = \"E2/1\"", "defaults.deploy.cloudfront.distribution_id", "letters and digits"),
        ("[defaults.deploy]\nbucket = \"x\"", "defaults.deploy.bucket", "unknown key"),
    ])
    func mistakesNameTheKeyAndWhatToWrite(toml: String, key: String, words: String) {
        let message = failure(toml)
        #expect(message.contains(key), "\(message)")
        #expect(message.contains(words), "\(message)")
    }

    // MARK: - Keys and URLs

    func destination(_ toml: String, album: String = "Trip 2024") throws -> AlbumDestination {
        let config = try load("[defaults.deploy]\n" + toml)
        return try #require(AlbumDestination(album: album, settings: config.settings(forAlbum: album).deploy))
    }

    @Test func keysFollowTheTargetAndHashedNamesCarryTheContent() throws {
        let sha = "3f2a9c1b7d4e" + String(repeating: "0", count: 52)
        let hashed = try destination("target = \"s3://b/albums/{album}/{variant}/\"")
        #expect(hashed.key(forPath: "outbox/Trip 2024/512/IMG_1.webp", variant: "512", sha256: sha) == "albums/Trip 2024/512/IMG_1.3f2a9c1b7d4e.webp")
        #expect(hashed.key(forPath: "outbox/Trip 2024/web/day 2/IMG.7.jpg", variant: "web", sha256: sha)
                == "albums/Trip 2024/web/day 2/IMG.7.3f2a9c1b7d4e.jpg")
        #expect(hashed.manifestKey == "albums/Trip 2024/manifest.json")
        #expect(hashed.description == "s3://b/albums/Trip 2024/")

        let plain = try destination("target = \"s3://b/{variant}/{album}\"\nnames = \"plain\"")
        #expect(plain.key(forPath: "outbox/Trip 2024/512/IMG_1.webp", variant: "512", sha256: sha) == "512/Trip 2024/IMG_1.webp")
        #expect(plain.manifestKey == "Trip 2024/manifest.json")
    }

    @Test func urlsArePathStyleVirtualHostedOrUnderThePublicURL() throws {
        let virtual = try destination("target = \"s3://photos/{album}/{variant}/\"\nregion = \"eu-west-3\"")
        #expect(virtual.url(forKey: "Trip 2024/web/a+b.webp") == "https://photos.s3.eu-west-3.amazonaws.com/Trip%202024/web/a%2Bb.webp")
        let path = try destination("target = \"s3://photos/{album}/{variant}/\"\nendpoint = \"http://127.0.0.1:9000\"\npath_style = true")
        #expect(path.url(forKey: "Été/web/a.webp") == "http://127.0.0.1:9000/photos/%C3%89t%C3%A9/web/a.webp")
        let cdn = try destination("target = \"s3://photos/{album}/{variant}/\"\npublic_url = \"https://cdn.example.com/p\"")
        #expect(cdn.url(forKey: "Trip/web/a.webp") == "https://cdn.example.com/p/Trip/web/a.webp")
    }

    // MARK: - Credentials

    @Test func credentialsComeFromTheEnvironmentOrTheProfileAndNeverShowTheSecret() throws {
        let dir = TemporaryDirectory("creds")
        let file = dir.path("credentials")
        try """
            # a comment
            [default]
            aws_access_key_id = AKIADEFAULT
            aws_secret_access_key = default-secret

            [profile photos]
            aws_access_key_id=AKIAPHOTOS
            aws_secret_access_key=photos-secret
            aws_session_token = token-1
            """.write(to: file, atomically: false, encoding: .utf8)
        let base = ["AWS_SHARED_CREDENTIALS_FILE": file.path]

        let fromEnv = try AWSCredentials.resolve(profile: nil, environment: base.merging(
            ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret"]) { $1 })
        #expect(fromEnv.accessKeyID == "AKIAENV" && fromEnv.secretAccessKey == "env-secret")
        let fromDefault = try AWSCredentials.resolve(profile: nil, environment: base)
        #expect(fromDefault.accessKeyID == "AKIADEFAULT")
        let fromAWSProfile = try AWSCredentials.resolve(profile: nil, environment: base.merging(["AWS_PROFILE": "photos"]) { $1 })
        #expect(fromAWSProfile.accessKeyID == "AKIAPHOTOS" && fromAWSProfile.sessionToken == "token-1")
        // The config's profile wins over the environment's keys.
        let configured = try AWSCredentials.resolve(profile: "photos", environment: base.merging(
            ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret"]) { $1 })
        #expect(configured.accessKeyID == "AKIAPHOTOS")
        #expect("\(configured)" == "access key AKIAPHOTOS from profile \"photos\" in \(file.path)")
        #expect(!"\(configured)".contains("photos-secret") && !String(reflecting: configured.description).contains("secret\""))

        let missing = #expect(throws: DeployError.self) { try AWSCredentials.resolve(profile: "work", environment: base) }
        #expect(missing?.message.contains("profile \"work\" is not in \(file.path) (it has [default], [photos])") == true)
        let noFile = #expect(throws: DeployError.self) {
            try AWSCredentials.resolve(profile: nil, environment: ["HOME": dir.path("nobody").path])
        }
        #expect(noFile?.message.contains("AWS_ACCESS_KEY_ID") == true && noFile?.message.contains("[default]") == true)
        let half = #expect(throws: DeployError.self) {
            try AWSCredentials.resolve(profile: nil, environment: ["AWS_ACCESS_KEY_ID": "AKIA"])
        }
        #expect(half?.message.contains("AWS_SECRET_ACCESS_KEY is not") == true)
    }
}
