import Foundation
import Glibc
import Testing
import Vips
@testable import HotFolders

/// Shared by the style tests: a workspace configured from TOML text, as a user would write it.
extension TestWorkspace {
    func configure(_ toml: String, environment: [String: String] = [:]) throws {
        let file = try writeConfig(toml)
        let text = try String(contentsOf: file, encoding: .utf8)
        var env = ["HOME": dir.url.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        for (key, value) in environment { env[key] = value }
        configuration = try Configuration.decode(toml: text, source: dir.path("hotfolders.toml"), environment: env,
                                                 currentDirectory: dir.url)
    }

    /// A photo-like JPEG dropped into the album under `name`.
    @discardableResult
    func dropGenerated(album: String, as name: String, width: Int = 480, height: Int = 320, seed: Int = 1) throws -> URL {
        let file = dir.path("generated-\(UUID().uuidString.prefix(6)).jpg")
        try GeneratedImages.writeJPEG(GeneratedImages.photoLike(width: width, height: height, seed: seed), to: file)
        return try drop(file, album: album, as: name)
    }

    func styleResults() throws -> [StyleResultRecord] {
        let catalog = try Catalog(directory: configuration.state)
        return try catalog.photos().flatMap { try catalog.styleResults(photoID: $0.id) }
    }
}

/// The `command` generator: a program run with an argv template, no shell, a timeout, its
/// stderr in the event log, and failures that fail only the style.
@Suite struct StyleCommandTests {
    /// A stand-in generator: records its argv (and whether the input was there) as one JSON line,
    /// then acts as the first argument says.
    static let script = """
        import json, os, shutil, subprocess, sys, time
        mode, record = sys.argv[1], sys.argv[2]
        args = sys.argv[3:]
        inp, out = os.environ.get("IGNORED"), None
        for i, a in enumerate(args):
            if a == "--input": inp = args[i + 1]
            if a == "--output": out = args[i + 1]
        with open(record, "a") as f:
            f.write(json.dumps({"argv": sys.argv, "input_exists": bool(inp) and os.path.isfile(inp),
                                "cwd": os.getcwd(), "pid": os.getpid(), "sig": [l for l in open("/proc/self/status") if l.startswith(("SigBlk", "SigIgn"))]}) + "\\n")
        sys.stderr.write("loading LoRA weights... step 24/24\\n")
        if mode == "copy":
            shutil.copyfile(inp, out)
        elif mode == "fail":
            sys.stderr.write("CUDA out of memory\\n")
            sys.exit(3)
        elif mode == "nothing":
            pass
        elif mode == "garbage":
            open(out, "w").write("not an image")
        elif mode == "sleep":
            child = subprocess.Popen(["sleep", "60"])
            with open(record + ".child", "w") as f: f.write(str(child.pid))
            time.sleep(60)
        """

    let dir = TemporaryDirectory("stylecmd")
    var scriptPath: URL { dir.path("my generator", "fake gen.py") }
    var record: URL { dir.path("calls.jsonl") }

    init() throws {
        dir.folder("my generator")
        try Self.script.write(to: scriptPath, atomically: false, encoding: .utf8)
    }

    func calls() -> [[String: Any]] {
        let text = (try? String(contentsOf: record, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// A styles file (JSON, like the seed's registry) with one generator style of that name.
    func stylesFile(_ name: String, prompt: String, extra: [String: Any] = [:]) throws -> URL {
        var entry: [String: Any] = ["prompt": prompt, "negative_prompt": "blurry", "path": "Kontext-Style/Noir_lora",
                                    "lora_scale": 0.8, "text_encoder_scale": 0.6]
        for (key, value) in extra { entry[key] = value }
        let url = dir.path("styles.json")
        try JSONSerialization.data(withJSONObject: [name: entry]).write(to: url)
        return url
    }

    func generator(_ mode: String, timeout: String = "1m", retries: Int = 0) -> String {
        let argv = ["python3", scriptPath.path, mode, record.path, "--style", "{style}", "--input", "{input}", "--output", "{output}",
                    "--seed", "{seed}", "--prompt", "{prompt}", "--lora", "{lora}", "--scale={lora_scale}", "--steps", "{num_inference_steps}"]
        return """
            [generators.local]
            type = "command"
            command = [\(argv.map(TOMLReader.quoted).joined(separator: ", "))]
            timeout = "\(timeout)"
            retries = \(retries)
            retry_wait = "100ms"
            max_edge = 200
            working_directory = \(TOMLReader.quoted(dir.folder("work").path))
            [generators.local.defaults]
            num_inference_steps = 24

            """
    }

    @Test func theCommandGetsEveryArgumentWholeWithQuotesAndSpacesAndNoShell() async throws {
        let ws = TestWorkspace("argv")
        let name = #"Tom's "Noir" $(touch pwned); look"#
        let prompt = #"a "quoted" prompt with $HOME, `id`, *.jpg and 'single' quotes; rm -rf ~"#
        try ws.configure("""
            styles_file = \(TOMLReader.quoted(try stylesFile(name, prompt: prompt).path))
            \(generator("copy"))
            [defaults]
            rules = ["preprocess", "style"]
            styles = [\(TOMLReader.quoted(name))]
            """)
        try ws.dropGenerated(album: "Trip 2024", as: #"IMG 1 "best".jpg"#)

        let (summary, _) = try await ws.process()
        #expect(summary.processed == 1)

        let call = try #require(calls().first)
        // Started with no signal blocked, as from a shell (GCD threads block nearly all of them).
        let signals = try #require(call["sig"] as? [String])
        #expect(signals.first { $0.hasPrefix("SigBlk") }?.hasSuffix("0000000000000000\n") == true, "\(signals)")
        let argv = try #require(call["argv"] as? [String])
        let result = try #require(try ws.styleResults().first)
        #expect(argv.count == 18)
        #expect(argv[4] == name)
        #expect(argv[6].hasSuffix(#"/IMG 1 "best".png"#) && call["input_exists"] as? Bool == true)
        #expect(argv[8].hasSuffix(".png") && argv[8] != argv[6])
        #expect(argv[10] == String(result.seed))
        #expect(argv[12] == prompt)
        #expect(argv[14] == "Kontext-Style/Noir_lora", "{lora} is the registry's path")
        #expect(argv[15] == "--scale=0.8" && argv[17] == "24", "numbers as written; a generator default fills the gap")
        #expect(call["cwd"] as? String == dir.path("work").path)
        // Nothing was run by a shell: no file named pwned anywhere.
        #expect(!FileManager.default.fileExists(atPath: dir.path("work", "pwned").path))
        #expect(!FileManager.default.fileExists(atPath: dir.path("pwned").path))

        // The result is the command's output, in the style's own outbox folder.
        let output = ws.layout.outbox(album: "Trip 2024", variant: name).appendingPathComponent(#"IMG 1 "best".webp"#)
        let image = try VipsImage.open(path: output.path)
        #expect(max(image.width, image.height) == 200, "handed over at max_edge and written as returned")
        #expect(result.status == .done && result.outputPath == ws.layout.relative(output) && result.backend == "local")
        #expect(result.prompt == prompt && result.loraScale == 0.8 && result.textEncoderScale == 0.6)

        let styled = try #require(ws.events("styled").first)
        #expect(styled["seed"] as? String == String(result.seed) && styled["style"] as? String == name)
        #expect((styled["log"] as? String)?.contains("step 24/24") == true, "the command's stderr is in the event log")
    }

    @Test func aFailingCommandFailsOnlyItsStyleWithItsStderrInTheLogAndStatus() async throws {
        let ws = TestWorkspace("cmdfail")
        try ws.configure("""
            styles_file = \(TOMLReader.quoted(try stylesFile("Noir", prompt: "film noir").path))
            \(generator("fail"))
            [defaults]
            rules = ["preprocess", "style"]
            styles = ["sepia", "Noir"]
            """)
        try ws.dropGenerated(album: "Trip", as: "IMG_1.jpg")

        let (summary, _) = try await ws.process()

        #expect(summary.processed == 1 && summary.failed == 0, "the photo is processed all the same")
        #expect(ws.files(in: ws.layout.outbox(album: "Trip")) == ["sepia/IMG_1.webp", "web/IMG_1.webp"])
        #expect(ws.files(in: ws.layout.originals(album: "Trip")) == ["IMG_1.jpg"])
        let noir = try #require(try ws.styleResults().first { $0.style == "Noir" })
        #expect(noir.status == .failed && noir.outputPath == nil)
        #expect(noir.error?.contains("exit status 3") == true)
        #expect(noir.errorDetail?.contains("CUDA out of memory") == true)
        let failed = try #require(ws.events("style_failed").first)
        #expect(failed["level"] as? String == "error" && (failed["detail"] as? String)?.contains("CUDA out of memory") == true)
        #expect(failed["seed"] as? String == String(noir.seed))

        let report = try StatusReport.gather(catalog: ws.open().catalog, layout: ws.layout)
        #expect(report.rows.first?.stylesFailed == 1 && report.rows.first?.done == 1)
        let table = report.table()
        #expect(table.contains("STYLES FAILED") && table.contains("Latest style failures") && table.contains("exit status 3"))
    }

    @Test(arguments: [("nothing", "wrote no result"), ("garbage", "not an image")])
    func aMissingOrUnreadableResultFailsTheStyle(mode: String, reason: String) async throws {
        let ws = TestWorkspace("cmdout")
        try ws.configure("""
            styles_file = \(TOMLReader.quoted(try stylesFile("Noir", prompt: "noir").path))
            \(generator(mode))
            [defaults]
            rules = ["preprocess", "style"]
            styles = ["Noir"]
            """)
        try ws.dropGenerated(album: "A", as: "x.jpg")
        let (summary, _) = try await ws.process()
        #expect(summary.processed == 1)
        let result = try #require(try ws.styleResults().first)
        #expect(result.status == .failed && result.error?.contains(reason) == true, "\(result.error ?? "")")
        #expect(ws.files(in: ws.layout.outbox(album: "A")) == ["web/x.webp"])
    }

    @Test func aCommandPastItsTimeoutIsStoppedWithWhatItStartedAndRetried() async throws {
        let ws = TestWorkspace("cmdslow")
        try ws.configure("""
            styles_file = \(TOMLReader.quoted(try stylesFile("Noir", prompt: "noir").path))
            \(generator("sleep", timeout: "3s", retries: 1))
            [defaults]
            rules = ["preprocess", "style"]
            styles = ["Noir"]
            """)
        try ws.dropGenerated(album: "A", as: "x.jpg")
        let (summary, _) = try await ws.process()
        #expect(summary.processed == 1)
        // Two runs of 3 s each, stopped at their timeout (timed inside, so a busy test run cannot
        // skew it; 3 s leaves a loaded machine time to start the fake generator and record its call).
        let ms = try #require(ws.events("style_failed").first?["ms"] as? Int)
        #expect(ms >= 6000 && ms < 60_000, "\(ms) ms")
        let result = try #require(try ws.styleResults().first)
        #expect(result.status == .failed && result.error?.contains("longer than 3s") == true)
        #expect(result.attempts == 2 && calls().count == 2, "a timeout is transient: tried once more")
        // The command's own child was stopped with it.
        let child = try #require(Int32(String(contentsOf: URL(fileURLWithPath: record.path + ".child"), encoding: .utf8)))
        // Gone, or a zombie waiting to be reaped (a container's first process may never reap it).
        func ended(_ pid: Int32) -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            return stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).first == "Z"
        }
        #expect(eventually(within: 30) { ended(child) }, "the command's child still runs")
    }
}
