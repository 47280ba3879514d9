import Foundation
import Glibc
import Testing
import Synchronization
@testable import HotFolders

/// The real S3 server the deploy tests run against: Ceph's radosgw, started by
/// `scripts/radosgw.sh` (`make test` does it and sets the variables read here). Where it is not
/// running, the tests that need it are skipped with `RadosGateway.skipReason`.
struct RadosGateway: Sendable {
    let endpoint: String
    let accessKey: String
    let secretKey: String
    let region: String
    /// `scripts/radosgw.sh`, to stop and start the gateway daemon mid-test.
    let script: String?

    static let current: RadosGateway? = {
        let env = ProcessInfo.processInfo.environment
        guard let endpoint = env["HOTFOLDERS_S3_ENDPOINT"], let key = env["HOTFOLDERS_S3_ACCESS_KEY"],
              let secret = env["HOTFOLDERS_S3_SECRET_KEY"] else { return nil }
        return RadosGateway(endpoint: endpoint, accessKey: key, secretKey: secret, region: env["HOTFOLDERS_S3_REGION"] ?? "us-east-1",
                            script: env["HOTFOLDERS_RGW_SCRIPT"])
    }()

    static let isRunning = current != nil
    static let skipReason: Comment = "radosgw is not running: `make test` starts it (scripts/radosgw.sh run swift test --skip-build)"

    private static let buckets = Mutex(0)

    /// A fresh bucket for one test.
    func makeBucket(_ label: String) throws -> String {
        let n = Self.buckets.withLock { value -> Int in value += 1; return value }
        let name = "hf-\(label)-\(getpid())-\(n)-\(UUID().uuidString.prefix(6).lowercased())"
        try client(bucket: name).createBucket()
        return name
    }

    func credentials(secret: String? = nil) -> AWSCredentials {
        AWSCredentials(accessKeyID: accessKey, secretAccessKey: secret ?? secretKey, source: "the test")
    }

    func client(bucket: String, secret: String? = nil) -> S3Client {
        S3Client(endpoint: endpoint, bucket: bucket, region: region, pathStyle: true, credentials: credentials(secret: secret))
    }

    /// A credentials file with a `[hotfolders-test]` profile, and the environment that points at it.
    func environment(in dir: TemporaryDirectory, secret: String? = nil) throws -> [String: String] {
        let file = dir.path("aws-credentials")
        try """
            [default]
            aws_access_key_id = NOT-THIS-ONE
            aws_secret_access_key = not-this-one

            [hotfolders-test]
            aws_access_key_id = \(accessKey)
            aws_secret_access_key = \(secret ?? secretKey)
            """.write(to: file, atomically: false, encoding: .utf8)
        return ["AWS_SHARED_CREDENTIALS_FILE": file.path, "HOME": dir.url.path]
    }

    /// Deploy settings for `bucket` on this server.
    func deploySettings(bucket: String, names: ObjectNames = .hashed) throws -> DeploySettings {
        var deploy = DeploySettings()
        deploy.target = try DeployTarget(parsing: "s3://\(bucket)/albums/{album}/{variant}/")
        deploy.endpoint = endpoint
        deploy.region = region
        deploy.pathStyle = true
        deploy.profile = "hotfolders-test"
        deploy.names = names
        return deploy
    }

    /// Stops or starts only the gateway daemon (the monitor and OSD keep the data).
    func gateway(_ action: String) throws {
        guard let script else { throw AgentFailure("HOTFOLDERS_RGW_SCRIPT is not set") }
        // posix_spawn and waitpid rather than Foundation's Process: the script leaves a daemon
        // behind, and Process.waitUntilExit was seen to miss the script's own exit then.
        let argv: [UnsafeMutablePointer<CChar>?] = [script, "gateway", action].map { $0.withCString { strdup($0) } } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, script, nil, nil, argv, environ) == 0 else { throw AgentFailure("cannot run \(script)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else { throw AgentFailure("radosgw.sh gateway \(action) failed (status \(status))") }
    }
}
