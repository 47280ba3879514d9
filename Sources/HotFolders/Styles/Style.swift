import Foundation

/// A named style an album can list (`styles = ["Van_Gogh", "sepia"]`): either a built-in look
/// with its parameters, done here by libvips, or a request to an external generator carrying a
/// prompt, a negative prompt and strengths. Each style's results land in
/// `outbox/<Album>/<Style>/`. Every field of its entry is kept as written, so nothing of a
/// registry such as the seed pipeline's `lora_registry.json` is lost on the way to a generator.
public struct Style: Sendable, Equatable {
    /// Where the style was defined.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        /// One of the looks that need no file.
        case builtIn
        /// A styles file (`styles_file`).
        case file(URL)
        /// A `[styles.<Name>]` table in the configuration file itself.
        case configuration(URL?)

        public var description: String {
            switch self {
            case .builtIn: "built-in"
            case .file(let url): url.path
            case .configuration(let url): (url?.path ?? "the configuration") + " [styles]"
            }
        }
    }

    /// What makes the style's result.
    public enum Kind: Sendable, Equatable {
        /// A built-in look, here.
        case look(LookSettings)
        /// An external generator: the one the entry names (`generator = "..."`), or when it
        /// names none the album's `[style] generator`, or the only one configured.
        case generator(String?)
    }

    public var name: String
    public var source: Source
    public var kind: Kind
    /// Every field of the entry as written (prompt, lora_scale, a look's parameters, ...).
    public var fields: [String: StyleValue]

    public init(name: String, source: Source, kind: Kind, fields: [String: StyleValue] = [:]) {
        self.name = name
        self.source = source
        self.kind = kind
        self.fields = fields
    }

    public var summary: String? { fields["description"]?.text ?? look?.look.summary }
    public var prompt: String? { fields["prompt"]?.text }
    public var negativePrompt: String? { fields["negative_prompt"]?.text }
    /// The LoRA: `lora`, or `path` as the seed registry calls it.
    public var lora: String? { fields["lora"]?.text ?? fields["path"]?.text }
    public var loraScale: Double? { fields["lora_scale"]?.numeric }
    public var textEncoderScale: Double? { fields["text_encoder_scale"]?.numeric }
    /// A seed the style always uses (unless the album fixes another).
    public var seed: UInt32? { fields["seed"].flatMap { $0.numeric }.map { UInt32($0) } }

    public var look: LookSettings? {
        if case .look(let settings) = kind { return settings }
        return nil
    }

    /// The generator the entry itself names, if any.
    public var namedGenerator: String? {
        if case .generator(let name) = kind { return name }
        return nil
    }

    public var isLook: Bool { look != nil }
}

extension Style {
    /// Fields a generator style's entry may carry with a fixed type (any other field is kept as
    /// it is and can be handed to a generator as `{field}`).
    static let typedFields: [String: FieldType] = [
        "prompt": .text, "negative_prompt": .text, "description": .text, "path": .text, "lora": .text,
        "model": .text, "weights": .text, "generator": .text,
        "lora_scale": .number, "text_encoder_scale": .number, "guidance_scale": .number,
        "num_inference_steps": .count, "seed": .seed,
    ]

    enum FieldType {
        case text, number, count, seed

        func check(_ value: StyleValue) -> ValueProblem? {
            switch self {
            case .text:
                return value.text == nil ? ValueProblem(expected: "a text", found: value.description) : nil
            case .number:
                return value.numeric == nil ? ValueProblem(expected: "a number", found: value.description) : nil
            case .count:
                guard case .integer(let n) = value, n >= 1 else { return ValueProblem(expected: "a whole number of 1 or more", found: value.description) }
                return nil
            case .seed:
                guard case .integer(let n) = value, n >= 0, n <= Int(UInt32.max) else {
                    return ValueProblem(expected: "a whole number from 0 to \(UInt32.max)", found: value.description)
                }
                return nil
            }
        }
    }

    /// The keys of a look entry besides the look's own parameters.
    static let lookEntryFields = ["look", "description", "seed"]

    /// Reads one entry of a styles file. An entry with `look = "..."` is a built-in look with
    /// other parameters; any other entry is for a generator. Throws the key at fault (relative to
    /// the entry) and what is wrong with it.
    static func decode(name: String, fields: [String: StyleValue], source: Source) throws(StyleEntryProblem) -> Style {
        if let problem = nameProblem(name) { throw StyleEntryProblem(key: nil, problem: ValueProblem(problem)) }
        if let lookValue = fields["look"] {
            guard let lookName = lookValue.text, let look = Look(rawValue: lookName) else {
                let names = Look.allCases.map(\.rawValue)
                let suggestion = lookValue.text.flatMap { KeySuggestion.closest(to: $0, among: names) }.map(TOMLReader.quoted)
                throw StyleEntryProblem(key: "look", problem: ValueProblem(
                    expected: "one of " + names.map(TOMLReader.quoted).joined(separator: ", "),
                    found: lookValue.description, suggestion: suggestion))
            }
            var settings = LookSettings(look)
            for key in fields.keys.sorted() where !lookEntryFields.contains(key) {
                do {
                    try settings.set(key, fields[key]!)
                } catch {
                    guard look.parameters.contains(where: { $0.name == key }) else {
                        let known = look.parameters.map(\.name) + lookEntryFields
                        throw StyleEntryProblem(key: key, problem: ValueProblem(ConfigSection<Style>.unknownKey(key, among: known)
                            + "; look \"\(look.rawValue)\" takes " + look.parameters.map(\.name).joined(separator: ", ")))
                    }
                    throw StyleEntryProblem(key: key, problem: error)
                }
            }
            for key in ["seed", "description"] {
                if let value = fields[key], let problem = typedFields[key]!.check(value) { throw StyleEntryProblem(key: key, problem: problem) }
            }
            return Style(name: name, source: source, kind: .look(settings), fields: fields)
        }
        for key in fields.keys.sorted() {
            if let type = typedFields[key], let problem = type.check(fields[key]!) { throw StyleEntryProblem(key: key, problem: problem) }
        }
        return Style(name: name, source: source, kind: .generator(fields["generator"]?.text), fields: fields)
    }

    /// Why `name` cannot be a style (it names an outbox folder), or nil.
    static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "a style needs a name" }
        if name.contains("/") || name.contains("\0") { return "a style's name is its outbox folder: it cannot contain '/'" }
        if name == "." || name == ".." || name.hasPrefix(".") { return "a style's name is its outbox folder: it cannot start with '.'" }
        if reservedNames.contains(name) { return "\"\(name)\" is the outbox folder of another rule's results; give the style another name" }
        if name.utf8.count > 120 { return "a style's name is its outbox folder: at most 120 bytes" }
        return nil
    }

    /// Outbox folders other rules write to.
    static let reservedNames: Set<String> = ["web"]
}

/// What is wrong with one entry of a styles file: the key at fault (nil: the entry itself).
struct StyleEntryProblem: Error {
    var key: String?
    var problem: ValueProblem
}
