import Curl
import Foundation
import Logging
import Synchronization
import Testing
@testable import HotFolders

/// Deploys against a real S3 server (Ceph's radosgw, which checks signatures, body hashes,
/// Content-MD5 and clock skew): what a photographer would see on the store. Serialized, since
/// one test stops the gateway.
@Suite(.serialized, .enabled(if: RadosGateway.isRunning, RadosGateway.skipReason))
struct DeployS3Tests {
    let album = "Été 2024"

    /// A workspace whose album runs preprocess, derivatives and deploy to `bucket`, with photos processed.
    func processedAlbum(_ label: String, bucket: String, photos: Int, names: ObjectNames = .hashed,
                        configure: (inout AlbumSettings) -> Void = { _ in }) async throws -> TestWorkspace {
        let rgw = try #require(RadosGateway.current)
        var defaults = AlbumSettings()
        defaults.rules = [.preprocess, .derivatives, .deploy]
        defaults.preprocess.maxEdge = 1200
        defaults.deploy = try rgw.deploySettings(bucket: bucket, names: names)
        configure(&defaults)
        let ws = TestWorkspace(label, defaults: defaults)
        let source = ws.dir.folder("source")
        for index in 0..<photos {
            let url = try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: 1400, height: 1000, seed: index * 7),
                                                    to: source.appendingPathComponent("photo \(index).jpg"))
            try ws.drop(url, album: album)
        }
        let (summary, _) = try await ws.process()
        #expect(summary.processed == photos)
        return ws
    }

    func deployer(_ ws: TestWorkspace, environment: [String: String], retryBase: Duration = .milliseconds(100),
                  observer: (@Sendable (DeployedObject) -> Void)? = nil) throws -> (Deployer, Workspace) {
        let workspace = try ws.open()
        return (Deployer(configuration: ws.configuration, catalog: workspace.catalog, events: workspace.events,
                         logger: Logger(label: "test"), environment: environment, retryBase: retryBase, uploadObserver: observer),
                workspace)
    }

    /// Every output of the album with the key it must have: `albums/<album>/<variant>/<stem>.<sha12>.<ext>`.
    func expectedObjects(_ workspace: Workspace) throws -> [(output: OutputRecord, key: String)] {
        try workspace.catalog.publishedPhotos(album: album).flatMap(\.outputs).map { output in
            let file = output.path.split(separator: "/").last.map(String.init) ?? ""
            let stem = (file as NSString).deletingPathExtension, ext = (file as NSString).pathExtension
            return (output, "albums/\(album)/\(output.variant)/\(stem).\(output.sha256.prefix(12)).\(ext)")
        }
    }

    @Test func deployedAlbumReadsBackWithItsHeadersManifestLastAndASecondDeploySendsNothing() async throws {
        let rgw = try #require(RadosGateway.current)
        let bucket = try rgw.makeBucket("album")
        let ws = try await processedAlbum("s3-album", bucket: bucket, photos: 2)
        let (deployer, workspace) = try deployer(ws, environment: try rgw.environment(in: ws.dir))
        #expect(try workspace.catalog.deployCounts(album: album) == [.pending: 2])

        let report = await deployer.deploy()
        let albumReport = try #require(report.albums.first)
        #expect(albumReport.albumError == nil && albumReport.failures.isEmpty && albumReport.interruption == nil)
        #expect(albumReport.photosDeployed == 2)
        let expected = try expectedObjects(workspace)
        #expect(expected.count == 2 * (1 + 9))  // web, and 3 sizes x 3 formats
        #expect(Set(report.uploaded.map(\.key)) == Set(expected.map(\.key)))
        #expect(try workspace.catalog.deployCounts(album: album) == [.deployed: 2])

        // Every object, read back: the same bytes, its format's Content-Type, the long immutable Cache-Control.
        let client = rgw.client(bucket: bucket)
        for (output, key) in expected {
            let object = try #require(try client.getObject(key: key), "\(key) is not on the store")
            #expect(object.body == Array(try Data(contentsOf: ws.root.appendingPathComponent(output.path))), "\(key)")
            #expect(object.headers["content-type"] == OutputFormat(rawValue: output.format)?.mimeType, "\(key)")
            #expect(object.headers["cache-control"] == "public, max-age=31536000, immutable", "\(key)")
        }

        // The manifest: short-lived, JSON, and every URL in it is an object on the store.
        let manifestKey = "albums/\(album)/manifest.json"
        let manifestObject = try #require(try client.getObject(key: manifestKey))
        #expect(manifestObject.headers["content-type"] == "application/json; charset=utf-8")
        #expect(manifestObject.headers["cache-control"] == "public, max-age=60")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(manifestObject.body)) as? [String: Any])
        let photos = try #require(manifest["photos"] as? [[String: Any]])
        #expect(photos.count == 2)
        let outputs = photos.flatMap { $0["outputs"] as? [[String: Any]] ?? [] }
        #expect(outputs.count == expected.count)
        for entry in outputs {
            let url = try #require(entry["url"] as? String)
            let key = try #require(entry["key"] as? String)
            #expect(url == "\(rgw.endpoint)/\(bucket)/\(S3Client.encodePath(key))")
            let signed = try CurlClient().perform(HTTPRequest(
                url: url, headers: [("x-amz-content-sha256", Digest.emptySHA256)],
                signing: AWSSigning(accessKey: rgw.accessKey, secretKey: rgw.secretKey, region: rgw.region)))
            #expect(signed.status == 200, "\(url)")
            #expect(Digest(of: signed.body).md5Hex == entry["md5"] as? String, "\(url)")
            #expect(entry["status"] as? String == "deployed")
        }

        // Last: after every object, in the event log and by the store-confirmed times.
        let names = ws.events().compactMap { $0["event"] as? String }.filter { ["deployed", "manifest_deployed"].contains($0) }
        #expect(names == ["deployed", "deployed", "manifest_deployed"])
        let objects = try workspace.catalog.deployedObjects(destination: "\(rgw.endpoint)/\(bucket)", album: album)
        let manifestTime = try #require(objects[manifestKey]?.deployed)
        #expect(objects.values.filter { $0.key != manifestKey }.allSatisfy { $0.deployed <= manifestTime })

        // The local manifest now has the URLs too.
        let local = try JSONSerialization.jsonObject(with: Data(contentsOf: ws.layout.outbox(album: album)
            .appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect((local?["counts"] as? [String: Int])?["deployed"] == 2)

        // Nothing changed: nothing is sent, not even for a photo marked pending again whose
        // outputs are the same (a reprocess that made the same bytes).
        let again = await deployer.deploy()
        #expect(again.uploaded.isEmpty)
        let photo = try #require(try workspace.catalog.publishedPhotos(album: album).first?.photo)
        try workspace.catalog.markDeployPending(photoID: photo.id, album: album)
        let third = await deployer.deploy()
        #expect(third.uploaded.isEmpty)
        #expect(third.albums.first?.unchanged == 10 && third.albums.first?.photosDeployed == 1)
        #expect(third.albums.first?.manifest == .unchanged)
    }

    @Test func wrongSecretIsAClearErrorAndNothingIsMarkedDeployed() async throws {
        let rgw = try #require(RadosGateway.current)
        let bucket = try rgw.makeBucket("secret")
        let ws = try await processedAlbum("s3-secret", bucket: bucket, photos: 2)
        let wrong = "wrong-secret-Zq7x9"
        let (deployer, workspace) = try deployer(ws, environment: try rgw.environment(in: ws.dir, secret: wrong))

        let report = await deployer.deploy()
        let error = try #require(report.albums.first?.albumError)
        #expect(error.message.contains("secret key"), "\(error)")
        #expect(error.message.contains("aws_secret_access_key"), "\(error)")
        #expect(error.detail == "403 SignatureDoesNotMatch")
        #expect(report.hasFailures && report.uploaded.isEmpty)
        #expect(try workspace.catalog.deployCounts(album: album) == [.failed: 2])
        #expect(try workspace.catalog.deployedObjects(destination: "\(rgw.endpoint)/\(bucket)", album: album).isEmpty)
        for (_, key) in try expectedObjects(workspace) {
            #expect(try rgw.client(bucket: bucket).getObject(key: key) == nil)
        }
        #expect(try rgw.client(bucket: bucket).getObject(key: "albums/\(album)/manifest.json") == nil)
        // The secret is in no event and not in the local manifest.
        let log = try String(contentsOf: ws.configuration.state.appendingPathComponent("events.jsonl"), encoding: .utf8)
        #expect(!log.contains(wrong) && log.contains("deploy_failed"))
        let failed = ws.events("deploy_failed").first
        #expect((failed?["reason"] as? String)?.contains("secret key") == true)

        // Fixed: the next explicit deploy sends the failed photos.
        let fixed = Deployer(configuration: ws.configuration, catalog: workspace.catalog, events: workspace.events,
                             logger: Logger(label: "test"), environment: try rgw.environment(in: ws.dir))
        let retried = await fixed.deploy()
        #expect(!retried.hasFailures)
        #expect(try workspace.catalog.deployCounts(album: album) == [.deployed: 2])
    }

    @Test func gatewayStoppedMidBatchThenRestartedTheBatchCompletes() async throws {
        let rgw = try #require(RadosGateway.current)
        let bucket = try rgw.makeBucket("restart")
        let ws = try await processedAlbum("s3-restart", bucket: bucket, photos: 3) { $0.deploy.retries = 10 }
        let uploads = Mutex(0)
        let stopped = Mutex(false)
        // After the 4th object the gateway stops, right there in the batch; it comes back 2 s later.
        let (deployer, workspace) = try deployer(ws, environment: try rgw.environment(in: ws.dir), retryBase: .milliseconds(200)) { _ in
            guard uploads.withLock({ count -> Bool in count += 1; return count == 4 }) else { return }
            try? rgw.gateway("stop")
            stopped.withLock { $0 = true }
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: 2)
                try? rgw.gateway("start")
            }
        }

        let report = await deployer.deploy()
        #expect(stopped.withLock { $0 }, "the gateway was never stopped")
        #expect(!report.hasFailures && report.stillPending == 0, "\(report.albums.flatMap(\.lines))")
        #expect(report.albums.first?.photosDeployed == 3)
        #expect(!ws.events("deploy_retry").isEmpty)
        #expect(try workspace.catalog.deployCounts(album: album) == [.deployed: 3])
        let client = rgw.client(bucket: bucket)
        for (output, key) in try expectedObjects(workspace) {
            let object = try #require(try client.getObject(key: key), "\(key)")
            #expect(Digest(of: object.body).sha256Hex == output.sha256)
        }
        #expect(try client.getObject(key: "albums/\(album)/manifest.json") != nil)
    }

    @Test func unreachableStoreLeavesPhotosPendingAcrossARestartAndTheNextPassSendsThem() async throws {
        let rgw = try #require(RadosGateway.current)
        let bucket = try rgw.makeBucket("pending")
        let ws = try await processedAlbum("s3-pending", bucket: bucket, photos: 2) { $0.deploy.retries = 1 }
        let environment = try rgw.environment(in: ws.dir)
        try rgw.gateway("stop")
        let down: DeployReport
        do {
            defer { try? rgw.gateway("start") }
            let (deployer, _) = try deployer(ws, environment: environment, retryBase: .milliseconds(50))
            down = await deployer.deploy()
        }
        #expect(!down.hasFailures)
        #expect(down.stillPending == 2 && down.uploaded.isEmpty)
        #expect(down.albums.first?.interruption?.isTransient == true)
        // A new process (a restart): the catalog still says pending, and the deploy completes.
        let (again, workspace) = try deployer(ws, environment: environment)
        #expect(try workspace.catalog.deployCounts(album: album) == [.pending: 2])
        let report = await again.deploy()
        #expect(!report.hasFailures && report.albums.first?.photosDeployed == 2)
        #expect(try workspace.catalog.deployCounts(album: album) == [.deployed: 2])
    }

    @Test func largeObjectGoesUpInPartsAndItsETagIsVerified() async throws {
        let rgw = try #require(RadosGateway.current)
        let bucket = try rgw.makeBucket("multipart")
        var bytes = [UInt8](repeating: 0, count: 11 << 20)
        bytes.withUnsafeMutableBytes { buffer in
            var state: UInt64 = 0x9e37_79b9_7f4a_7c15
            for index in stride(from: 0, to: buffer.count, by: 8) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                buffer.storeBytes(of: state, toByteOffset: index, as: UInt64.self)
            }
        }
        let uploader = ObjectUploader(client: rgw.client(bucket: bucket), retry: RetryPolicy(retries: 2),
                                      multipartThreshold: 5 << 20, partSize: 5 << 20, onRetry: { _, _, _, _ in })
        let digest = Digest(of: bytes)
        let uploaded = try await uploader.upload(key: "big/a b.png", bytes: bytes, digest: digest, contentType: "image/png",
                                                 cacheControl: "no-cache")
        #expect(uploaded.parts == 3 && uploaded.etag.hasSuffix("-3"))
        let object = try #require(try rgw.client(bucket: bucket).getObject(key: "big/a b.png"))
        #expect(object.body == bytes)
        #expect(object.headers["content-type"] == "image/png" && object.headers["cache-control"] == "no-cache")
    }

    @Test func missingBucketSaysToCreateItAndNothingIsSent() async throws {
        let rgw = try #require(RadosGateway.current)
        let ws = try await processedAlbum("s3-nobucket", bucket: "hf-no-such-bucket-\(getpid())", photos: 1)
        let (deployer, workspace) = try deployer(ws, environment: try rgw.environment(in: ws.dir))
        let report = await deployer.deploy()
        let error = try #require(report.albums.first?.albumError)
        #expect(error.message.contains("does not exist") && error.message.contains("create it"), "\(error)")
        #expect(try workspace.catalog.deployCounts(album: album) == [.failed: 1])
    }

    // MARK: - CloudFront, the command line and the agent

    @Test func cloudFrontGetsOnlyChangedPathsAtMostOnceAWindow() async throws {
        let rgw = try #require(RadosGateway.current)
        let bucket = try rgw.makeBucket("cdn")
        let cdn = try DeployClientTests.standIn([(201, "", "")], service: "cloudfront", key: rgw.accessKey, secret: rgw.secretKey)
        let ws = try await processedAlbum("s3-cdn", bucket: bucket, photos: 1, names: .plain) { settings in
            settings.derivatives.formats = [.webp]
            settings.deploy.cloudFront.distributionID = "EDISTRIBUTION1"
            settings.deploy.cloudFront.endpoint = cdn.url
            // Long enough that making, processing and uploading the third photo on a busy machine
            // stays inside it; the end of the window is then tried with a short one.
            settings.deploy.cloudFront.window = .seconds(120)
        }
        let (deployer, _) = try deployer(ws, environment: try rgw.environment(in: ws.dir))
        func addPhoto(_ seed: Int) async throws {
            let url = try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: 900, height: 600, seed: seed),
                                                    to: ws.dir.path("more \(seed).jpg"))
            try ws.drop(url, album: album)
            _ = try await ws.process()
        }
        let manifestPath = "/albums/%C3%89t%C3%A9%202024/manifest.json"

        // First deploy: every object is new, so no cache can hold an old copy: nothing to invalidate.
        let first = await deployer.deploy()
        #expect(first.albums.first?.invalidation == nil)
        #expect(try DeployClientTests.log(cdn).isEmpty)

        // A new photo changes the manifest (an object caches may hold): only its path goes.
        try await addPhoto(1)
        let second = await deployer.deploy()
        guard case .sent(_, let paths) = second.albums.first?.invalidation else {
            Issue.record("no invalidation: \(String(describing: second.albums.first?.invalidation))")
            return
        }
        #expect(paths == [manifestPath])
        let sent = try DeployClientTests.log(cdn)
        #expect(sent.count == 1 && sent.first?["problem"] is NSNull, "\(sent)")
        #expect((sent.first?["path"] as? String) == "/2020-05-31/distribution/EDISTRIBUTION1/invalidation")

        // Within the window the next change waits; the agent's pass sends it once the window is over.
        try await addPhoto(2)
        let third = await deployer.deploy()
        guard case .waiting(let waiting, _) = third.albums.first?.invalidation else {
            Issue.record("not waiting: \(String(describing: third.albums.first?.invalidation))")
            return
        }
        #expect(waiting == [manifestPath])
        #expect(try DeployClientTests.log(cdn).count == 1)
        // The window and the last request are the catalog's: a deployer whose window is over
        // (one second since the second request) sends what waits.
        ws.configuration.defaults.deploy.cloudFront.window = .seconds(1)
        let (afterWindow, _) = try self.deployer(ws, environment: try rgw.environment(in: ws.dir))
        try await Task.sleep(for: .seconds(1.2))
        let later = await afterWindow.deployDue(sweep: false)
        #expect(later.albums.first?.invalidation == .sent(id: "I2", paths: [manifestPath]))
        #expect(try DeployClientTests.log(cdn).count == 2)
    }

    @Test func commandLineDeploysShowsADryRunAndFailsClearlyWithAWrongSecret() async throws {
        let rgw = try #require(RadosGateway.current)
        let bucket = try rgw.makeBucket("cli")
        let ws = TestWorkspace("s3-cli")
        let config = ws.dir.path("hotfolders.toml")
        try """
            root = "\(ws.root.path)"
            state = "\(ws.configuration.state.path)"

            [album."Trip"]
            rules = ["preprocess", "derivatives", "deploy"]

            [album."Trip".derivatives]
            formats = ["jpeg"]

            [album."Trip".deploy]
            target = "s3://\(bucket)/site/{album}/{variant}/"
            endpoint = "\(rgw.endpoint)"
            region = "\(rgw.region)"
            path_style = true
            """.write(to: config, atomically: false, encoding: .utf8)
        func run(_ arguments: [String], secret: String) throws -> (status: Int32, out: String, err: String) {
            let process = Process()
            process.executableURL = CommandLineTool.url
            process.arguments = arguments + ["--config", config.path]
            var env = ProcessInfo.processInfo.environment
            env["AWS_ACCESS_KEY_ID"] = rgw.accessKey
            env["AWS_SECRET_ACCESS_KEY"] = secret
            env["AWS_PROFILE"] = nil
            process.environment = env
            let out = ws.dir.path("out-\(UUID().uuidString.prefix(6))")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            _ = FileManager.default.createFile(atPath: out.path + ".err", contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: out.path + ".err"))
            try process.run()
            process.waitUntilExit()
            return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8),
                    try String(contentsOfFile: out.path + ".err", encoding: .utf8))
        }
        let image = try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: 800, height: 600), to: ws.dir.path("a.jpg"))

        // `process` with a wrong secret: the photo is processed, the deploy fails saying why.
        try ws.drop(image, album: "Trip")
        let failed = try run(["process"], secret: "wrong-secret")
        #expect(failed.status == 1, "\(failed)")
        #expect(failed.out.contains("1 processed") && failed.out.contains("stopped: the server rejected the request signature"),
                "\(failed.out)")
        #expect(!failed.out.contains("wrong-secret") && !failed.err.contains("wrong-secret"))

        // The dry run lists what would go, and sends nothing.
        let dry = try run(["deploy", "--dry-run"], secret: "wrong-secret")
        #expect(dry.status == 0, "\(dry)")
        #expect(dry.out.contains("would upload site/Trip/web/a.") && dry.out.contains("(new,"), "\(dry.out)")
        #expect(dry.out.contains("would upload the manifest site/Trip/manifest.json last") && dry.out.contains("Dry run: nothing was sent."))
        #expect(try rgw.client(bucket: bucket).getObject(key: "site/Trip/manifest.json") == nil)

        // Fixed secret: `deploy` sends the failed photo, then nothing more the second time.
        let deployed = try run(["deploy"], secret: rgw.secretKey)
        #expect(deployed.status == 0, "\(deployed)")
        #expect(deployed.out.contains("Trip -> s3://\(bucket)/site/Trip/: 1 photo(s) deployed, 3 objects uploaded"), "\(deployed.out)")
        #expect(deployed.out.contains("manifest site/Trip/manifest.json uploaded last"))
        #expect(try rgw.client(bucket: bucket).getObject(key: "site/Trip/manifest.json") != nil)
        let again = try run(["deploy", "--album", "Trip"], secret: rgw.secretKey)
        #expect(again.status == 0 && again.out.contains("0 objects uploaded"), "\(again.out)")
    }

    @Test func theAgentDeploysAPhotoSoonAfterItArrives() async throws {
        let rgw = try #require(RadosGateway.current)
        let bucket = try rgw.makeBucket("agent")
        let ws = TestWorkspace("s3-agent")
        let agent = try AgentProcess(ws, extra: """
            rules = ["preprocess", "derivatives", "deploy"]

            [defaults.derivatives]
            formats = ["webp"]

            [defaults.deploy]
            target = "s3://\(bucket)/{album}/{variant}/"
            endpoint = "\(rgw.endpoint)"
            path_style = true
            profile = "hotfolders-test"
            """, environment: try rgw.environment(in: ws.dir))
        defer { agent.terminate() }
        try ws.drop(try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: 900, height: 700), to: ws.dir.path("live.jpg")),
                    album: "Live")
        #expect(eventually(within: 60) { !ws.events("manifest_deployed").isEmpty }, "\(ws.events().suffix(5))")
        let manifest = try #require(try rgw.client(bucket: bucket).getObject(key: "Live/manifest.json"))
        let parsed = try JSONSerialization.jsonObject(with: Data(manifest.body)) as? [String: Any]
        #expect((parsed?["counts"] as? [String: Int])?["deployed"] == 1)
        #expect(ws.events("deployed").first?["file"] as? String == "live.jpg")
    }
}
