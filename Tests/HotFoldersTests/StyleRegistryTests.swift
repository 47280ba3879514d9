import Foundation
import Testing
@testable import HotFolders

/// The style registry: the seed pipeline's registry read without loss, TOML styles files,
/// `[styles]` and `[generators]` in the configuration, and the mistakes a photographer makes.
@Suite struct StyleRegistryTests {
    static let source = URL(fileURLWithPath: "/home/ann/.config/hotfolders/hotfolders.toml")

    /// The seed pipeline's registry, when the shared folder sits beside the clone.
    static let seedRegistry: URL? = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = repo.deletingLastPathComponent().appendingPathComponent("shared/seed-config/lora_registry.json")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    let dir = TemporaryDirectory("registry")

    /// A JSON value written one way, to compare values read by two readers.
    static func canonical(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys]), as: UTF8.self)
    }

    func load(_ toml: String, environment: [String: String] = [:]) throws -> Configuration {
        try Configuration.decode(toml: "root = \"/srv/photos\"\n" + toml, source: Self.source,
                                 environment: ["HOME": "/home/ann"].merging(environment) { $1 }, currentDirectory: dir.url)
    }

    func problem(_ toml: String, environment: [String: String] = [:]) -> String {
        errorText(or: "no error") { _ = try load(toml, environment: environment) }
    }

    /// The same shape as the seed's lora_registry.json (made-up entries).
    static let registryJSON = """
        {
          "Paper_Cut": {
            "path": "Some-Org/Paper_Cut_lora",
            "weights": "Paper_Cut_lora_weights.safetensors",
            "description": "Layered paper cutouts \\u2014 crisp silhouettes",
            "prompt": "<Convert this image into paper cut style>, crisp edges, \\"layered\\" shadows",
            "negative_prompt": "blurry, 3D rendering",
            "lora_scale": 0.75,
            "text_encoder_scale": 0.5
          },
          "Local_Watercolor": {
            "path": "{lib_root}/models/lora/watercolor.safetensors",
            "weights": "watercolor.safetensors",
            "description": "Watercolor",
            "prompt": "<watercolor>",
            "negative_prompt": "",
            "lora_scale": 0.7,
            "text_encoder_scale": 0.5,
            "num_inference_steps": 28,
            "guidance_scale": 3.5,
            "trigger_words": ["wtrclr", "wash"],
            "extra": {"strength": 0.9}
          }
        }
        """

    @Test func aRegistryInTheSeedsShapeLoadsWithEveryFieldAsWritten() throws {
        let file = dir.path("lora_registry.json")
        try Self.registryJSON.write(to: file, atomically: false, encoding: .utf8)
        let styles = try StyleRegistry.read(file: file)
        let byName = Dictionary(uniqueKeysWithValues: styles.map { ($0.name, $0) })
        let paper = try #require(byName["Paper_Cut"])
        #expect(paper.source == .file(file) && paper.kind == .generator(nil))
        #expect(paper.prompt == "<Convert this image into paper cut style>, crisp edges, \"layered\" shadows")
        #expect(paper.summary == "Layered paper cutouts \u{2014} crisp silhouettes")
        #expect(paper.lora == "Some-Org/Paper_Cut_lora" && paper.loraScale == 0.75 && paper.textEncoderScale == 0.5)
        #expect(paper.fields["weights"] == .text("Paper_Cut_lora_weights.safetensors"))
        let water = try #require(byName["Local_Watercolor"])
        #expect(water.fields["num_inference_steps"] == .integer(28) && water.fields["guidance_scale"] == .number(3.5))
        #expect(water.fields["trigger_words"] == .list([.text("wtrclr"), .text("wash")]))
        #expect(water.fields["extra"] == .table(["strength": .number(0.9)]))
        #expect(water.fields["path"] == .text("{lib_root}/models/lora/watercolor.safetensors"), "a value is never filled in")

        // Every value of the file, field by field, as JSON reads it.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: [String: Any]]
        for (name, fields) in json {
            let style = try #require(byName[name])
            #expect(Set(style.fields.keys) == Set(fields.keys), "\(name)")
            for (key, value) in fields {
                let ours = try JSONSerialization.jsonObject(with: Data(style.fields[key]!.json.utf8), options: .fragmentsAllowed)
                #expect(try Self.canonical(ours) == Self.canonical(value), "\(name).\(key)")
            }
        }
    }

    @Test(.enabled(if: StyleRegistryTests.seedRegistry != nil, "../shared/seed-config is not beside this clone"))
    func theSeedPipelinesOwnRegistryLoadsWithoutLoss() throws {
        let file = try #require(Self.seedRegistry)
        let config = try load("styles_file = \(TOMLReader.quoted(file.path))")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: [String: Any]]
        #expect(json.count == 33)
        let fromFile = config.styles.registry.all.filter { $0.source == .file(file) }
        #expect(fromFile.count == 33)
        for style in fromFile {
            let fields = try #require(json[style.name])
            #expect(Set(style.fields.keys) == Set(fields.keys), "\(style.name)")
            for (key, value) in fields {
                let ours = try JSONSerialization.jsonObject(with: Data(style.fields[key]!.json.utf8), options: .fragmentsAllowed)
                #expect(try Self.canonical(ours) == Self.canonical(value), "\(style.name).\(key)")
            }
        }
        let vanGogh = try #require(config.styles.registry["Van_Gogh"])
        #expect(vanGogh.loraScale == 0.8 && vanGogh.textEncoderScale == 0.6 && vanGogh.lora == "Kontext-Style/Van_Gogh_lora")
        // The built-in looks are there as well.
        #expect(config.styles.registry.names.count == 33 + Look.allCases.count)
    }

    @Test func aTOMLStylesFileAndStylesTablesAddLooksWithTheirOwnParameters() throws {
        let file = dir.path("styles.toml")
        try """
            [Sepia_soft]
            look = "sepia"
            chroma = 12
            description = "a lighter sepia"

            [Ghibli]
            prompt = "<Transform into Studio Ghibli animation style>"
            lora_scale = 0.8
            generator = "local"
            """.write(to: file, atomically: false, encoding: .utf8)
        let config = try load("""
            styles_file = "styles.toml"

            [styles.sepia]
            look = "sepia"
            hue = 50

            [styles.Grain_fine]
            look = "grain"
            amount = 6
            seed = 7

            [generators.local]
            type = "command"
            command = ["gen", "{input}", "{output}"]

            [defaults]
            rules = ["preprocess", "style"]
            styles = ["Sepia_soft", "sepia", "Grain_fine", "Ghibli"]
            """)
        let registry = config.styles.registry
        #expect(config.styles.file == file)
        #expect(registry["Sepia_soft"]?.look?[number: "chroma"] == 12 && registry["Sepia_soft"]?.look?[number: "hue"] == 65)
        #expect(registry["Sepia_soft"]?.summary == "a lighter sepia")
        #expect(registry["sepia"]?.source == .configuration(Self.source) && registry["sepia"]?.look?[number: "hue"] == 50,
                "a [styles] table replaces the built-in of the same name")
        #expect(registry["Grain_fine"]?.seed == 7)
        #expect(registry["Ghibli"]?.namedGenerator == "local")
        #expect(config.defaults.style.names == ["Sepia_soft", "sepia", "Grain_fine", "Ghibli"])
        let local = try #require(config.styles.generators["local"])
        #expect(local.kind == .command && local.command == ["gen", "{input}", "{output}"] && local.maxInFlight == 1)
    }

    @Test func seedsAreFixedByTheAlbumForOneStyleOrAllElseByTheStyle() throws {
        let config = try load("""
            [styles.Grain_fixed]
            look = "grain"
            seed = 7

            [defaults]
            styles = ["grain", "Grain_fixed"]

            [album."Fixed".style]
            seed = 100

            [album."Fixed".style.seeds]
            grain = 42
            """)
        let registry = config.styles.registry
        let grain = try #require(registry["grain"]), fixed = try #require(registry["Grain_fixed"])
        let defaults = config.settings(forAlbum: "Any").style
        #expect(defaults.fixedSeed(for: grain) == nil && defaults.fixedSeed(for: fixed) == 7)
        #expect(defaults.seed(for: grain) != defaults.seed(for: grain) || defaults.seed(for: grain) != defaults.seed(for: grain),
                "random per photo and style")
        let album = config.settings(forAlbum: "Fixed").style
        #expect(album.fixedSeed(for: grain) == 42 && album.fixedSeed(for: fixed) == 100)
    }

    @Test func httpGeneratorsReadTheirTokenFromTheEnvironmentAndTakeDefaults() throws {
        let config = try load("""
            [generators.replicate]
            type = "http"
            model = "black-forest-labs/flux-kontext-dev"
            timeout = "5m"
            [generators.replicate.input]
            input_image = "{image}"
            prompt = "{prompt}, {style} style"
            seed = "{seed}"
            go_fast = false
            """, environment: ["REPLICATE_API_TOKEN": "r8_secret"])
        let replicate = try #require(config.styles.generators["replicate"])
        #expect(replicate.kind == .http && replicate.token == "r8_secret" && replicate.url == "https://api.replicate.com")
        #expect(replicate.maxInFlight == 2 && replicate.retries == 3 && replicate.inputFormat == .jpeg && replicate.maxEdge == 1024)
        #expect(replicate.timeout == .seconds(300) && replicate.input["go_fast"] == .flag(false))
        #expect(!replicate.summary.contains("r8_secret"), "the token is never shown")

        let values: [String: StyleValue] = ["prompt": .text("oil"), "style": .text("Oil"), "seed": .integer(5)]
        #expect(try StyleTemplate.value(.text("{seed}"), with: values) == .integer(5))
        #expect(try StyleTemplate.value(.text("{prompt}, {style} style"), with: values) == .text("oil, Oil style"))
        #expect(try StyleTemplate.value(.text("{negative_prompt}"), with: values) == nil, "a field the style lacks is left out")
        #expect(try StyleTemplate.fill("{{literal}} --seed={seed}", with: values) == "{literal} --seed=5")
        #expect(throws: StyleTemplate.Missing(field: "lora")) { try StyleTemplate.fill("--lora={lora}", with: values) }
    }

    @Test func mistakesAreErrorsThatSayWhereAndWhat() throws {
        try #"{"Bad": {"look": "sepia", "chroma": 400}}"#.write(to: dir.path("bad.json"), atomically: false, encoding: .utf8)
        try #"{"Bad": {"look": "sepia", "crhoma": 4}}"#.write(to: dir.path("typo.json"), atomically: false, encoding: .utf8)
        try #"{"Bad": {"prompt": "x", "lora_scale": "high"}}"#.write(to: dir.path("type.json"), atomically: false, encoding: .utf8)
        try #"{"Bad": {"prompt": "x",}"#.write(to: dir.path("broken.json"), atomically: false, encoding: .utf8)
        let cases: [(toml: String, env: [String: String], expected: [String])] = [
            ("[defaults]\nstyles = [\"sepai\"]", [:], ["defaults.styles", "unknown style \"sepai\"", "did you mean \"sepia\"", "hotfolders styles"]),
            ("[album.\"Trip\"]\nstyles = [\"bw\", \"bw\"]", [:], ["album.Trip.styles", "listed twice"]),
            ("[defaults]\nstyles = [\"web\"]", [:], ["defaults.styles", "another rule's results"]),
            ("[defaults]\nstyles = [\"a/b\"]", [:], ["defaults.styles", "cannot contain '/'"]),
            ("[defaults]\nrules = [\"style\", \"preprocess\"]\nstyles = [\"bw\"]", [:], ["defaults.rules", "put \"preprocess\" before it"]),
            ("styles_file = \"bad.json\"", [:], ["bad.json", "Bad.chroma", "a number from 0 to 60, found 400"]),
            ("styles_file = \"typo.json\"", [:], ["Bad.crhoma", "did you mean 'chroma'"]),
            ("styles_file = \"type.json\"", [:], ["Bad.lora_scale", "expected a number"]),
            ("styles_file = \"broken.json\"", [:], ["broken.json", "expected a JSON object of styles"]),
            ("styles_file = \"missing.json\"", [:], ["missing.json", "cannot be read"]),
            ("[styles.Mine]\nlook = \"sepiaa\"", [:], ["styles.Mine.look", "did you mean \"sepia\""]),
            ("[styles.Oil]\nprompt = \"oil\"\n[defaults]\nstyles = [\"Oil\"]", [:], ["defaults.styles", "none is configured"]),
            ("[styles.Oil]\nprompt = \"oil\"\ngenerator = \"gpu\"\n[defaults]\nstyles = [\"Oil\"]", [:], ["needs generator \"gpu\""]),
            ("[generators.gpu]\ntype = \"command\"\ncommand = [\"gen\", \"{input}\"]", [:], ["generators.gpu.command", "names no {output}"]),
            ("[generators.gpu]\ntype = \"command\"\ncommand = [\"gen\", \"{output\"]", [:], ["generators.gpu.command", "without its closing"]),
            ("[generators.gpu]\ncommand = [\"gen\"]", [:], ["generators.gpu.type", "missing"]),
            ("[generators.gpu]\ntype = \"command\"\ncommand = [\"{output}\"]\nurl = \"https://x\"", [:], ["generators.gpu.url", "only for type = \"http\""]),
            ("[generators.r]\ntype = \"http\"\nversion = \"abc\"", [:], ["generators.r.token_env", "$REPLICATE_API_TOKEN is not set"]),
            ("[generators.r]\ntype = \"http\"", ["REPLICATE_API_TOKEN": "t"], ["generators.r.version", "either version"]),
            ("[generators.r]\ntype = \"http\"\nversion = \"v\"\nmax_in_flight = 0", ["REPLICATE_API_TOKEN": "t"], ["generators.r.max_in_flight"]),
            ("[generators.r]\ntype = \"http\"\nversion = \"v\"\ntimout = \"1m\"", ["REPLICATE_API_TOKEN": "t"], ["generators.r.timout", "did you mean 'timeout'"]),
            ("[defaults.style]\ngenerator = \"none\"", [:], ["defaults.style.generator", "no generator \"none\""]),
            ("[defaults.style]\nseeds = { sepai = 4 }", [:], ["defaults.style.seeds", "unknown style \"sepai\""]),
            ("[defaults.style]\nseed = -1", [:], ["defaults.style.seed", "0 to 4294967295"]),
        ]
        for (toml, env, expected) in cases {
            let message = problem(toml, environment: env)
            for part in expected { #expect(message.contains(part), "\(toml)\n-> \(message)") }
        }
    }

    @Test func checkConfigShowsAnAlbumsStylesAndTheirSettings() throws {
        let config = try load("""
            [defaults]
            rules = ["preprocess", "style"]
            styles = ["bw", "grain"]
            [defaults.style]
            format = "jpeg"
            seeds = { grain = 3 }
            """)
        let lines = config.defaults.summaryLines
        #expect(lines.contains("styles = [\"bw\", \"grain\"]"))
        #expect(lines.contains { $0.hasPrefix("style: seed = (random per photo and style), seeds = { grain = 3 }") && $0.contains("format = \"jpeg\"") },
                "\(lines)")
    }

    @Test func stylesListsEveryStyleWithItsSourceAndParameters() throws {
        let file = dir.path("lora_registry.json")
        try Self.registryJSON.write(to: file, atomically: false, encoding: .utf8)
        try """
            root = \(TOMLReader.quoted(dir.path("root").path))
            state = \(TOMLReader.quoted(dir.path("state").path))
            styles_file = \(TOMLReader.quoted(file.path))
            [generators.local]
            type = "command"
            command = ["python3", "lora transformer.py", "--input", "{input}", "--output", "{output}"]
            """.write(to: dir.path("hotfolders.toml"), atomically: false, encoding: .utf8)
        let listed = try CommandLineTool.run(["styles", "--config", dir.path("hotfolders.toml").path], logs: dir.path("styles"))
        #expect(listed.status == 0, "\(listed.err)")
        let out = listed.out
        #expect(out.contains("Built-in looks"))
        for look in Look.allCases { #expect(out.contains("  \(look.rawValue) "), "\(look)") }
        #expect(out.contains("look sepia: hue = 65, chroma = 24, contrast = 1.1"))
        #expect(out.contains("look duotone: shadows = \"#1e2a5a\", highlights = \"#ffd38a\""))
        #expect(out.contains("From \(file.path) (2 styles)"))
        #expect(out.contains("Paper_Cut") && out.contains("lora_scale = 0.75, text_encoder_scale = 0.5"))
        #expect(out.contains("generator local (the only one)"))
        #expect(out.contains("local: command python3 'lora transformer.py' --input {input} --output {output}"))

        let one = try CommandLineTool.run(["styles", "--config", dir.path("hotfolders.toml").path, "Local_Watercolor"], logs: dir.path("one"))
        #expect(one.out.contains("negative_prompt = \"\"") && one.out.contains("trigger_words = [\"wtrclr\", \"wash\"]"))
        #expect(!one.out.contains("Paper_Cut"))
        let unknown = try CommandLineTool.run(["styles", "--config", dir.path("hotfolders.toml").path, "Nope"], logs: dir.path("no"))
        #expect(unknown.status != 0 && unknown.out.contains("no style \"Nope\""))
    }

    @Test func theExampleDocumentsEveryStyleAndGeneratorKey() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: repo.appendingPathComponent("hotfolders.example"), encoding: .utf8)
        let keys = ["styles_file", "styles"] + ConfigSchema.style.names + GeneratorSettings.schema.settings.map(\.name)
            + GeneratorSettings.replicateInput.keys.sorted()
        for key in keys {
            #expect(text.contains("\n\(key) = ") || text.contains("\n# \(key) = "), "\(key) is not documented in hotfolders.example")
        }
        for table in ["[defaults.style]", "# [styles.", "# [generators.gpu]", "# [generators.gpu.defaults]",
                      "# [generators.replicate]", "# [generators.replicate.input]"] {
            #expect(text.contains(table), "\(table)")
        }
    }
}
