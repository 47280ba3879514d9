import Foundation
import GRDB
import Logging
import Testing
@testable import HotFolders

/// What the deploy state says is left to send, decided from the catalog alone (no store needed):
/// by content, never by clock times, and the same for a dry run as for a real pass.
@Suite struct DeployStateTests {
    static let album = "Trip"

    /// An album that runs preprocess, a built-in style and deploy, with one photo processed.
    func processed(_ label: String, style format: String = "png") async throws -> TestWorkspace {
        let ws = TestWorkspace(label)
        try configure(ws, styleFormat: format)
        try ws.dropGenerated(album: Self.album, as: "x.jpg")
        let (summary, _) = try await ws.process()
        #expect(summary.processed == 1)
        return ws
    }

    func configure(_ ws: TestWorkspace, styleFormat: String) throws {
        try ws.configure("""
            [defaults]
            rules = ["preprocess", "style", "deploy"]
            styles = ["bw"]
            [defaults.style]
            format = "\(styleFormat)"
            [defaults.deploy]
            target = "s3://photos/albums/{album}/{variant}/"
            endpoint = "http://127.0.0.1:9"
            path_style = true
            """)
    }

    /// Records every output of the album's photos as on the store, as a deploy pass does once
    /// the store confirms each object, and the photos as deployed.
    func markEverythingDeployed(_ ws: TestWorkspace, _ workspace: Workspace) throws -> String {
        let settings = ws.configuration.settings(forAlbum: Self.album)
        let destination = try #require(AlbumDestination(album: Self.album, settings: settings.deploy))
        for published in try workspace.catalog.publishedPhotos(album: Self.album) {
            for output in published.outputs {
                let key = destination.key(for: output)
                try workspace.catalog.recordDeployed(DeployedObject(
                    destination: destination.destination, key: key, album: Self.album, photoID: published.photo.id,
                    path: output.path, sha256: output.sha256, md5: output.md5 ?? String(repeating: "0", count: 32),
                    etag: "\"etag\"", bytes: output.bytes, parts: 1, contentType: "image/png", cacheControl: "public",
                    url: destination.url(forKey: key), deployed: Timestamp.string()))
            }
            try workspace.catalog.markDeployed(photoID: published.photo.id)
        }
        return destination.destination
    }

    /// Issue 11, item 14: photos processed while the clock ran 20 minutes fast carry output
    /// times in the future. Once the clock is right again they must not be "deployed" again on
    /// every pass: what the store holds is decided by content.
    @Test func aClockCorrectedAfterProcessingDoesNotSendTheAlbumAgain() async throws {
        let ws = try await processed("deploy-clock")
        let workspace = try ws.open()
        let destination = try markEverythingDeployed(ws, workspace)
        let future = Timestamp.string(Date() + 20 * 60)
        try await workspace.catalog.database.write { db in
            try db.execute(sql: "UPDATE output SET written = ?", arguments: [future])
        }

        #expect(try workspace.catalog.enqueueMissingDeploys(album: Self.album, destination: destination) == 0)
        #expect(try workspace.catalog.deployCounts(album: Self.album) == [.deployed: 1])
        let deployer = Deployer(workspace: workspace, logger: Logger(label: "test"), environment: [:])
        let plan = await deployer.deploy(dryRun: true)
        #expect(plan.uploaded.isEmpty)

        // Another destination (the bucket changed) holds nothing yet: the photo is sent there.
        #expect(try workspace.catalog.enqueueMissingDeploys(album: Self.album, destination: "http://other/bucket") == 1)
    }

    /// Issue 11, item 15: after a restyle that changed the style's file, a dry run says the
    /// style is to be sent, as the real deploy then does, and the photo counts as to deploy.
    @Test func aDryRunAfterARestyleCountsTheChangedStyle() async throws {
        let ws = try await processed("deploy-restyle", style: "png")
        let workspace = try ws.open()
        _ = try markEverythingDeployed(ws, workspace)
        let deployer = Deployer(workspace: workspace, logger: Logger(label: "test"), environment: [:])
        #expect(await deployer.deploy(dryRun: true).uploaded.isEmpty)

        // The style now comes out as WebP: restyle writes it under a new name.
        try configure(ws, styleFormat: "webp")
        let restyler = Restyler(workspace: try ws.open())
        let target = try restyler.target(for: ws.layout.originals(album: Self.album).appendingPathComponent("x.jpg").path,
                                         album: nil, currentDirectory: ws.dir.url)
        let result = try await restyler.restyle(target, style: "bw")
        #expect(result.failure == nil)
        #expect(result.output?.hasSuffix(".webp") == true)

        let reopened = try ws.open()
        #expect(try reopened.catalog.deployCounts(album: Self.album) == [.pending: 1])
        let plan = await Deployer(workspace: reopened, logger: Logger(label: "test"), environment: [:]).deploy(dryRun: true)
        #expect(plan.uploaded.map(\.key).count == 1)
        #expect(plan.uploaded.first?.key.hasSuffix(".webp") == true)
        #expect(plan.albums.first?.unchanged == 1, "the web output is on the store already")
    }
}
