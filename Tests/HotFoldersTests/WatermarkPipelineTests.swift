import Foundation
import Testing
import Vips
@testable import HotFolders

/// The watermark rule in the pipeline: every published size marked at its own size with the
/// photo's own text (no place without GPS), and `restyle` marking a re-made style the same way.
@Suite struct WatermarkPipelineTests {
    static func workspace(_ label: String, rules: [String], watermark: String = "") throws -> TestWorkspace {
        let ws = TestWorkspace(label)
        try ws.configure("""
            [defaults]
            rules = [\(rules.map(TOMLReader.quoted).joined(separator: ", "))]
            styles = ["bw"]
            [defaults.preprocess]
            format = "png"
            [defaults.derivatives]
            sizes = [256]
            formats = ["png", "webp"]
            [defaults.style]
            format = "png"
            [defaults.watermark]
            owner = "Ann"
            \(watermark)
            """)
        return ws
    }

    static func decoded(_ url: URL) throws -> VipsImage { try VipsImage.decode(Array(Data(contentsOf: url))) }

    /// A corpus photo with a place from its GPS, and one without GPS but with a capture date.
    static var photos: (gps: CorpusFacts, noGPS: CorpusFacts)? {
        guard let gps = CorpusFacts.named("DSCN0010.jpg"),
              let noGPS = CorpusFacts.of("cameras").first(where: {
                  $0.latitude == nil && $0.dateTimeOriginal != nil && $0.file.hasSuffix(".jpg") && ($0.orientation ?? 1) == 1
              }) else { return nil }
        return (gps, noGPS)
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func everyPublishedSizeIsMarkedWithThePhotosOwnText() async throws {
        let (gps, noGPS) = try #require(Self.photos)
        let marked = try Self.workspace("wm-on", rules: ["metadata", "preprocess", "derivatives", "watermark"])
        let plain = try Self.workspace("wm-off", rules: ["metadata", "preprocess", "derivatives"])
        for ws in [marked, plain] {
            for facts in [gps, noGPS] { try ws.drop(facts.url, album: "Trip") }
            let (summary, _) = try await ws.process()
            #expect(summary.failed == 0)
        }

        for facts in [gps, noGPS] {
            // The text the rule prints for this photo: its place only when it has GPS.
            let metadata = await MetadataRule(settings: MetadataSettings()).read(facts.url, kind: .jpeg, sha256: nil, catalog: nil)
            var work = PhotoWork(source: facts.url, album: "Trip", originalName: facts.file, kind: .jpeg)
            work.metadata = metadata
            let text = WatermarkRule(settings: marked.configuration.defaults.watermark).text(for: work)
            let year = try #require(metadata.capture?.local.year), sign = try #require(metadata.zodiac?.symbol)
            if facts.latitude != nil {
                let place = try #require(metadata.place?.name)
                #expect(text == "Ann © \(year) \(sign) \(place)")
            } else {
                #expect(metadata.place == nil && text == "Ann © \(year) \(sign)", "no GPS, no place: \(text)")
            }

            let stem = (facts.file as NSString).deletingPathExtension
            func images(_ variant: String, _ file: String) throws -> (on: VipsImage, off: VipsImage) {
                (try Self.decoded(marked.layout.outbox(album: "Trip", variant: variant).appendingPathComponent(file)),
                 try Self.decoded(plain.layout.outbox(album: "Trip", variant: variant).appendingPathComponent(file)))
            }
            for variant in ["web", "256"] {
                // Lossless: only the corner changed, and it carries exactly this text drawn at this size.
                let (on, off) = try images(variant, "\(stem).png")
                #expect(on.width == off.width && on.height == off.height)
                let box = try #require(try ImageDifference(off, on).changedBox(), "\(variant)/\(stem).png is marked")
                #expect(box.centreX > Double(on.width) / 2 && box.centreY > Double(on.height) * 0.75, "\(variant): \(box)")
                let expected = try WatermarkPainter(settings: marked.configuration.defaults.watermark, text: text, logo: nil).mark(off)
                #expect(try expected.meanAbsoluteDifference(to: on) == 0, "\(variant)/\(stem).png carries \"\(text)\"")

                if variant == "256" {
                    // Lossy WebP re-balances the whole image a little; the mark still stands out.
                    let (webOn, webOff) = try images(variant, "\(stem).webp")
                    let under = try webOn.cropped(left: box.x, top: box.y, width: box.width, height: box.height)
                        .meanAbsoluteDifference(to: webOff.cropped(left: box.x, top: box.y, width: box.width, height: box.height))
                    let top = try webOn.cropped(left: 0, top: 0, width: on.width, height: box.y)
                        .meanAbsoluteDifference(to: webOff.cropped(left: 0, top: 0, width: on.width, height: box.y))
                    #expect(under > 10 && under > 10 * top, "256/\(stem).webp: \(under) under the mark, \(top) above it")
                }
            }
        }
    }

    @Test func restyleMarksTheRemadeStyleAsThePipelineDid() async throws {
        let ws = try Self.workspace("wm-restyle", rules: ["metadata", "preprocess", "style", "watermark"])
        try ws.dropGenerated(album: "A", as: "x.jpg")
        let (summary, _) = try await ws.process()
        #expect(summary.failed == 0)
        let output = ws.layout.outbox(album: "A", variant: "bw").appendingPathComponent("x.png")
        let published = try Data(contentsOf: output)

        func restyle() async throws -> Data {
            let restyler = Restyler(workspace: try ws.open())
            let target = try restyler.target(for: ws.layout.originals(album: "A").appendingPathComponent("x.jpg").path,
                                             album: nil, currentDirectory: ws.dir.url)
            let result = try await restyler.restyle(target, style: "bw")
            #expect(result.failure == nil)
            return try Data(contentsOf: output)
        }
        #expect(try await restyle() == published, "the same mark on the same style: the same bytes")

        // With the style no longer selected, restyle leaves it unmarked: it differs only under the mark.
        try ws.configure("""
            [defaults]
            rules = ["metadata", "preprocess", "style", "watermark"]
            styles = ["bw"]
            [defaults.style]
            format = "png"
            [defaults.watermark]
            owner = "Ann"
            variants = ["web"]
            """)
        let unmarked = try await restyle()
        #expect(unmarked != published)
        let box = try #require(try ImageDifference(VipsImage.decode(Array(unmarked)), VipsImage.decode(Array(published))).changedBox())
        #expect(box.x > 240 && box.y > 280, "only the corner under the mark differs: \(box)")
    }
}
