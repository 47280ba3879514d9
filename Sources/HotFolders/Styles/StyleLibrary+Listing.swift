extension StyleLibrary {
    /// What `hotfolders styles` prints: every style grouped by where it was defined, each with
    /// its parameters, then the generators. With `names`, only those styles; `verbose` (or
    /// naming styles) shows every field in full, prompts included.
    public func listing(names: [String] = [], verbose: Bool = false) -> [String] {
        let chosen = names.isEmpty ? registry.all : names.compactMap { registry[$0] }
        let full = verbose || !names.isEmpty
        var lines: [String] = []
        let width = min(24, (chosen.map(\.name.count).max() ?? 0) + 2)
        var sources: [String] = []
        for style in chosen where !sources.contains(style.source.description) { sources.append(style.source.description) }
        sources.sort { ($0 == "built-in" ? 0 : 1, $0) < ($1 == "built-in" ? 0 : 1, $1) }
        for source in sources {
            let group = chosen.filter { $0.source.description == source }
            if !lines.isEmpty { lines.append("") }
            lines.append(source == "built-in" ? "Built-in looks (made here by libvips; no file needed)"
                         : "From \(source) (\(group.count) \(group.count == 1 ? "style" : "styles"))")
            for style in group {
                let padded = style.name.padding(toLength: max(width, style.name.count + 2), withPad: " ", startingAt: 0)
                let summary = style.summary ?? ""
                lines.append("  " + padded + (full ? summary : Self.shortened(summary, to: 100)))
                let indent = String(repeating: " ", count: 2 + max(width, style.name.count + 2))
                lines += parameterLines(of: style, full: full).map { indent + $0 }
            }
        }
        let missing = names.filter { registry[$0] == nil }
        for name in missing { lines.append("no style \(TOMLReader.quoted(name))") }

        lines.append("")
        if generators.isEmpty {
            lines.append("Generators: none configured ([generators.<name>] with type = \"command\" or \"http\")")
        } else {
            lines.append("Generators")
            for generator in generators.values.sorted(by: { $0.name < $1.name }) {
                lines.append("  \(generator.name): \(generator.summary)")
            }
        }
        return lines
    }

    private func parameterLines(of style: Style, full: Bool) -> [String] {
        if let look = style.look {
            var line = "look \(look.look.rawValue): " + look.parameterLines.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
            if let seed = style.seed { line += ", seed = \(seed)" }
            return [line]
        }
        let generator = style.namedGenerator.map { "generator \($0)" }
            ?? (generators.count == 1 ? "generator \(generators.keys.first!) (the only one)" : "generator: the album's [style] generator")
        let shown: [String] = full
            ? style.fields.keys.sorted()
            : ["lora", "path", "model", "weights", "lora_scale", "text_encoder_scale", "num_inference_steps", "guidance_scale", "seed"]
        var lines = [generator]
        let pairs = shown.compactMap { key in style.fields[key].map { "\(ConfigPath.spelled(key)) = \($0)" } }
        if full {
            lines += pairs
        } else {
            if !pairs.isEmpty { lines.append(pairs.joined(separator: ", ")) }
            if let prompt = style.prompt { lines.append("prompt = " + TOMLReader.quoted(Self.shortened(prompt, to: 90))) }
        }
        return lines
    }

    private static func shortened(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}
