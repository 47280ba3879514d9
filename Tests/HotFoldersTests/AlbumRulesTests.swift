import Foundation
import Testing
@testable import HotFolders

/// Each album's rules are built once per configuration: every photo of the album goes through
/// the same list, another album gets its own, and a reload (a new pipeline) builds them anew.
@Suite struct AlbumRulesTests {
    @Test func eachAlbumsRulesAreBuiltOnceAndAReloadBuildsThemAgain() async throws {
        var defaults = AlbumSettings()
        defaults.rules = [.preprocess]
        let ws = TestWorkspace("rules-once", defaults: defaults)
        ws.configuration.albums = [AlbumOverride(pattern: "B") { $0.rules = [.preprocess, .derivatives] }]
        try ImageLibrary.start()
        let staging = ws.dir.folder("staging")
        let image = try GeneratedImages.photoLike(width: 600, height: 400)
        let one = try ws.drop(GeneratedImages.writeJPEG(image, to: staging.appendingPathComponent("1.jpg")), album: "A")
        let two = try ws.drop(GeneratedImages.writeJPEG(image, to: staging.appendingPathComponent("2.jpg"), quality: 80), album: "A")
        let three = try ws.drop(GeneratedImages.writeJPEG(image, to: staging.appendingPathComponent("3.jpg")), album: "B")
        let workspace = try ws.open()
        let pipeline = workspace.pipeline
        #expect(pipeline.rules.existing(forAlbum: "A") == nil)

        let first = await pipeline.handle(Arrival(url: one, album: "A", name: "1.jpg", fromInbox: true))
        let albumA = try #require(pipeline.rules.existing(forAlbum: "A"))
        let second = await pipeline.handle(Arrival(url: two, album: "A", name: "2.jpg", fromInbox: true))
        #expect(pipeline.rules.existing(forAlbum: "A") === albumA)
        let third = await pipeline.handle(Arrival(url: three, album: "B", name: "3.jpg", fromInbox: true))
        let albumB = try #require(pipeline.rules.existing(forAlbum: "B"))
        for outcome in [first, second, third] {
            guard case .processed = outcome else { Issue.record("not processed: \(outcome)"); continue }
        }
        #expect(albumA.steps.map(\.kind) == [.preprocess] && albumB.steps.map(\.kind) == [.preprocess, .derivatives])
        #expect(albumB.settings == ws.configuration.settings(forAlbum: "B"))
        #expect(ws.files(in: ws.layout.outbox(album: "B")).contains("256/3.webp"))

        // A reload makes a new pipeline over the new configuration, with lists of its own.
        let reloaded = Pipeline(configuration: ws.configuration, catalog: workspace.catalog, events: workspace.events,
                                logger: .init(label: "test"))
        #expect(reloaded.rules.existing(forAlbum: "A") == nil)
        #expect(reloaded.rules.rules(forAlbum: "A") !== albumA)
    }

    /// `deploy` is no step of a photo's way but a flag of its album: the photo runs its other
    /// rules (no `deploy` stage in the catalog) and, once done, waits to be published.
    @Test func deployIsAnAlbumsFlagNotAStep() async throws {
        let ws = TestWorkspace("rules-deploy")
        let config = try ws.writeConfig("""
            [defaults]
            rules = ["deploy", "preprocess"]
            [defaults.deploy]
            target = "s3://photos/albums/{album}/{variant}/"
            """)
        ws.configuration = try Configuration.load(from: config)
        #expect(ws.configuration.defaults.rules == [.deploy, .preprocess] && ws.configuration.defaults.deploys)
        try ImageLibrary.start()
        let staging = ws.dir.folder("staging")
        try ws.drop(GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: 600, height: 400),
                                              to: staging.appendingPathComponent("1.jpg")), album: "Trip")
        let (summary, _) = try await ws.process()
        #expect(summary.processed == 1)
        let workspace = try ws.open()
        #expect(workspace.pipeline.rules.rules(forAlbum: "Trip").steps.map(\.kind) == [.preprocess])
        let photo = try #require(try workspace.catalog.photos(album: "Trip").first)
        #expect(try workspace.catalog.stages(photoID: photo.id).map(\.name) == ["preprocess"])
        #expect(try workspace.catalog.deployCounts(album: "Trip") == [.pending: 1])
    }
}
