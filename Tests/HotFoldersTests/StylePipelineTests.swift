import Foundation
import Testing
import Vips
@testable import HotFolders

/// Styles in the pipeline: results in their own outbox folders, seeds in the catalog and the
/// event log, failed styles in `status` and retried with `restyle --failed`, and a seed that
/// makes the same result again.
@Suite struct StylePipelineTests {
    /// A generator that fails while `broken` exists beside it and copies its input otherwise.
    static let flip = """
        import os, shutil, sys
        inp, out = sys.argv[1], sys.argv[2]
        if os.path.exists(os.path.join(os.path.dirname(os.path.abspath(__file__)), "broken")):
            sys.stderr.write("model not loaded yet\\n")
            sys.exit(1)
        shutil.copyfile(inp, out)
        """

    func workspace(_ label: String) throws -> TestWorkspace {
        let ws = TestWorkspace(label)
        try Self.flip.write(to: ws.dir.path("flip.py"), atomically: false, encoding: .utf8)
        try Data().write(to: ws.dir.path("broken"))
        try #"{"Flip": {"prompt": "mirror", "lora_scale": 1.0}}"#.write(to: ws.dir.path("styles.json"), atomically: false, encoding: .utf8)
        try ws.configure("""
            styles_file = \(TOMLReader.quoted(ws.dir.path("styles.json").path))
            [generators.flip]
            type = "command"
            command = ["python3", \(TOMLReader.quoted(ws.dir.path("flip.py").path)), "{input}", "{output}"]
            retries = 0
            [defaults]
            rules = ["preprocess", "style"]
            styles = ["bw", "grain", "Flip"]
            [defaults.style]
            format = "png"
            """)
        return ws
    }

    @Test func eachStyleLandsInItsFolderWithItsSeedRecordedAndAFailedStyleShowsUntilRestyled() async throws {
        let ws = try workspace("stylepipe")
        try ws.dropGenerated(album: "Trip", as: "p1.jpg", seed: 1)
        try ws.dropGenerated(album: "Trip", as: "day 2/p2.jpg", seed: 2)

        let (summary, _) = try await ws.process()

        #expect(summary.processed == 2 && summary.failed == 0)
        #expect(ws.files(in: ws.layout.outbox(album: "Trip")) == [
            "bw/day 2/p2.png", "bw/p1.png", "grain/day 2/p2.png", "grain/p1.png", "web/day 2/p2.webp", "web/p1.webp",
        ])
        // Black and white really is: every pixel grey.
        let bw = try VipsImage.open(path: ws.layout.outbox(album: "Trip", variant: "bw").appendingPathComponent("p1.png").path)
        let bytes = try bw.pixelBytes()
        let greys = stride(from: 0, to: bytes.count, by: 3).filter { (i: Int) -> Bool in bytes[i] == bytes[i + 1] && bytes[i] == bytes[i + 2] }
        #expect(bw.bands == 3 && greys.count == bw.width * bw.height)

        let results = try ws.styleResults()
        #expect(results.count == 6)
        let grains = results.filter { $0.style == "grain" }
        #expect(Set(grains.map(\.seed)).count == 2, "a random seed per photo")
        for grain in grains {
            #expect(grain.status == .done && grain.backend == "built-in" && grain.look == "grain")
            #expect(grain.outputPath?.hasPrefix("outbox/Trip/grain/") == true)
            #expect(grain.parameters.contains("\"amount\":10"), "\(grain.parameters)")
            let event = ws.events("styled").first { $0["style"] as? String == "grain" && $0["seed"] as? String == String(grain.seed) }
            #expect(event != nil, "the seed \(grain.seed) is in the event log")
        }
        let flips = results.filter { $0.style == "Flip" }
        #expect(flips.count == 2 && flips.allSatisfy { $0.status == .failed && $0.errorDetail == "model not loaded yet" })
        let processed = try #require(ws.events("processed").first { ($0["file"] as? String) == "p1.jpg" })
        #expect((processed["outputs"] as? [String])?.contains("outbox/Trip/grain/p1.png") == true)

        let status = try CommandLineTool.run(["status", "--config", ws.dir.path("hotfolders.toml").path], logs: ws.dir.path("status"))
        #expect(status.out.contains("STYLES FAILED") && status.out.contains("Flip") && status.out.contains("exit status 1"), "\(status.out)")

        // The generator is fixed: `restyle --failed` makes both again, and status is clean.
        try FileManager.default.removeItem(at: ws.dir.path("broken"))
        let retried = try CommandLineTool.run(["restyle", "--config", ws.dir.path("hotfolders.toml").path, "--failed"],
                                              logs: ws.dir.path("retry"))
        #expect(retried.status == 0, "\(retried.out)\(retried.err)")
        #expect(retried.out.components(separatedBy: "restyled").count == 3, "\(retried.out)")
        #expect(FileManager.default.fileExists(atPath: ws.layout.outbox(album: "Trip", variant: "Flip").appendingPathComponent("day 2/p2.png").path))
        #expect(try ws.styleResults().allSatisfy { $0.status == .done && $0.outputPath != nil })
        let after = try StatusReport.gather(catalog: ws.open().catalog, layout: ws.layout)
        #expect(after.rows.allSatisfy { $0.stylesFailed == 0 } && !after.table().contains("STYLES FAILED"))
    }

    @Test func aSeedMakesTheSameResultAgain() async throws {
        let ws = try workspace("reseed")
        try ws.dropGenerated(album: "Trip", as: "p1.jpg")
        _ = try await ws.process()
        let config = ws.dir.path("hotfolders.toml").path
        let output = ws.layout.outbox(album: "Trip", variant: "grain").appendingPathComponent("p1.png")
        let original = try Data(contentsOf: output)
        let seed = try #require(try ws.styleResults().first { $0.style == "grain" }?.seed)
        let archived = ws.layout.originals(album: "Trip").appendingPathComponent("p1.jpg").path

        // Gone, and made again from the original with the recorded seed: the same bytes.
        try FileManager.default.removeItem(at: output)
        let again = try CommandLineTool.run(["restyle", "--config", config, archived, "--style", "grain"], logs: ws.dir.path("a"))
        #expect(again.status == 0 && again.out.contains("(seed \(seed)) -> outbox/Trip/grain/p1.png"), "\(again.out)\(again.err)")
        #expect(try Data(contentsOf: output) == original)

        // Another seed, another grain; the first seed brings the first result back.
        let other = seed == 1 ? 2 : 1
        let variation = try CommandLineTool.run(["restyle", "--config", config, archived, "--style", "grain", "--seed", "\(other)"],
                                                logs: ws.dir.path("b"))
        #expect(variation.status == 0)
        #expect(try Data(contentsOf: output) != original)
        #expect(try ws.styleResults().first { $0.style == "grain" }?.seed == UInt32(other))
        _ = try CommandLineTool.run(["restyle", "--config", config, archived, "--style", "grain", "--seed", "\(seed)"], logs: ws.dir.path("c"))
        #expect(try Data(contentsOf: output) == original)
        #expect(ws.events("styled").filter { $0["by"] as? String == "restyle" }.count == 3)

        // An output names its photo too, and any style can be made for it.
        let web = ws.layout.outbox(album: "Trip", variant: "web").appendingPathComponent("p1.webp").path
        let sepia = try CommandLineTool.run(["restyle", "--config", config, web, "--style", "sepia"], logs: ws.dir.path("d"))
        #expect(sepia.status == 0 && sepia.out.contains("-> outbox/Trip/sepia/p1.png"), "\(sepia.out)")

        let unknown = try CommandLineTool.run(["restyle", "--config", config, web, "--style", "sepai"], logs: ws.dir.path("e"))
        #expect(unknown.status != 0 && unknown.err.contains("did you mean \"sepia\""))
        let stranger = ws.dir.path("stranger.jpg")
        try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: 64, height: 64, seed: 9), to: stranger)
        let notProcessed = try CommandLineTool.run(["restyle", "--config", config, stranger.path, "--style", "bw"], logs: ws.dir.path("f"))
        #expect(notProcessed.status != 0 && notProcessed.err.contains("not a photo hotfolders has processed"))
    }
}
