import Foundation
import TOMLKit

extension Configuration {
    /// `$XDG_CONFIG_HOME/hotfolders/hotfolders.toml`, else `~/.config/hotfolders/hotfolders.toml`.
    public static var defaultLocation: URL { defaultLocation(environment: ProcessInfo.processInfo.environment) }

    /// The default config file for the given environment (`XDG_CONFIG_HOME`, `HOME`).
    public static func defaultLocation(environment: [String: String]) -> URL {
        xdgFolder("XDG_CONFIG_HOME", else: ".config", environment: environment)
            .appendingPathComponent("hotfolders/hotfolders.toml")
    }

    /// Where `state` is when the file does not say: `$XDG_STATE_HOME/hotfolders`, else
    /// `~/.local/state/hotfolders`.
    public static func defaultState(environment: [String: String]) -> URL {
        xdgFolder("XDG_STATE_HOME", else: ".local/state", environment: environment)
            .appendingPathComponent("hotfolders", isDirectory: true)
    }

    /// `workers` when the file does not say: one per core, within the accepted 1...64.
    public static var defaultWorkers: Int { min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 64) }

    /// Reads, expands (`~`, `${VAR}`) and validates a config file. Throws `ConfigError`.
    public static func load(from url: URL, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Configuration {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        return try load(from: url, environment: environment, currentDirectory: here)
    }

    /// As `load(from:environment:)`, with relative paths in the file resolved against `currentDirectory`.
    public static func load(from url: URL, environment: [String: String], currentDirectory: URL) throws -> Configuration {
        let file = url.relativePath
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw ConfigError(file: file, keyPath: nil, message: missingFileAdvice(for: url, environment: environment))
        }
        guard !isFolder.boolValue else {
            throw ConfigError(file: file, keyPath: nil, message: "is a folder; expected a TOML file such as \(file)/hotfolders.toml")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            throw ConfigError(file: file, keyPath: nil, message: "cannot be read: \(reason)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: file, keyPath: nil, message: "is not UTF-8 text (TOML files must be UTF-8)")
        }
        return try decode(toml: text, source: url, environment: environment, currentDirectory: currentDirectory)
    }

    /// Validates config text as though it had been read from `source` (named in messages).
    public static func decode(toml text: String, source: URL, environment: [String: String],
                              currentDirectory: URL) throws(ConfigError) -> Configuration {
        let file = source.relativePath
        let context = ConfigContext(environment: environment, currentDirectory: currentDirectory)
        let table = try TOMLReader.parse(text, file: file)

        var draft = ConfigDraft()
        for change in try ConfigSchema.top.decode(table, at: ConfigPath(), file: file, context: context) { change(&draft) }
        let albums = try albumOverrides(in: table, text: text, file: file, context: context)

        guard let root = draft.root else {
            throw ConfigError(file: file, keyPath: "root", message: "missing; expected the path of the folder that holds "
                              + "inbox/, outbox/, originals/ and failed/ (for example root = \"~/Pictures/hotfolders\")")
        }
        var configuration = Configuration(
            source: source, root: root,
            state: draft.state ?? defaultState(environment: environment),
            workers: draft.workers ?? defaultWorkers,
            defaults: draft.defaults, albums: albums
        )
        configuration.createRoot = draft.createRoot
        configuration.ignored = draft.ignored
        configuration.reconcileInterval = draft.reconcileInterval
        configuration.shutdownTimeout = draft.shutdownTimeout
        configuration.backupInterval = draft.backupInterval
        configuration.backupsKept = draft.backupsKept
        configuration.styles = try StyleLibrary.decode(table, source: source, file: file, context: context)
        try configuration.checkCombinations(file: file)
        try configuration.checkStyles(file: file)
        return configuration
    }

    /// `[album."pattern"]` tables in file order, each checked key by key now, applied later.
    private static func albumOverrides(in table: TOMLTable, text: String, file: String,
                                       context: ConfigContext) throws(ConfigError) -> [AlbumOverride] {
        guard let value = table["album"] else { return [] }
        guard let patterns = value.table else {
            throw ConfigError(file: file, keyPath: "album", message: "expected tables such as [album.\"Vacation 2024\"], "
                              + "found \(TOMLReader.describe(value))")
        }
        let inFileOrder = AlbumTableOrder.patterns(in: text)
        let keys = patterns.keys.sorted { (inFileOrder.firstIndex(of: $0) ?? .max, $0) < (inFileOrder.firstIndex(of: $1) ?? .max, $1) }
        var overrides: [AlbumOverride] = []
        for pattern in keys {
            let path = ConfigPath(components: ["album", pattern])
            guard !pattern.isEmpty, !pattern.contains("/") else {
                throw ConfigError(file: file, keyPath: path.description,
                                  message: "expected an album folder name or a glob such as \"Clients *\" (one folder name, no '/')")
            }
            if let problem = AlbumOverride.globProblem(in: pattern) {
                throw ConfigError(file: file, keyPath: path.description, message: problem)
            }
            guard let settings = patterns[pattern]?.table else {
                let found = patterns[pattern].map(TOMLReader.describe) ?? "nothing"
                throw ConfigError(file: file, keyPath: path.description,
                                  message: "expected a table of album settings ([\(path)]), found \(found)")
            }
            let changes = try ConfigSchema.album.decode(settings, at: path, file: file, context: context)
            overrides.append(AlbumOverride(pattern: pattern) { settings in for change in changes { change(&settings) } })
        }
        return overrides
    }

    /// Rules about several keys at once, on `[defaults]`, on each glob table over it, and on
    /// what each album really gets (every matching glob, then its exact table): every exact
    /// table's album and every folder in the inbox now.
    private func checkCombinations(file: String) throws(ConfigError) {
        if let problem = ConfigSchema.problems(in: defaults).first {
            throw ConfigError(file: file, keyPath: "defaults.\(problem.key)", message: problem.message)
        }
        for album in albums where album.isGlob {
            var settings = defaults
            album.apply(to: &settings)
            if let problem = ConfigSchema.problems(in: settings).first {
                let path = ConfigPath(components: ["album", album.pattern])
                throw ConfigError(file: file, keyPath: "\(path).\(problem.key)", message: problem.message)
            }
        }
        var names = albums.filter { !$0.isGlob }.map(\.pattern)
        for folder in (try? albumFolders()) ?? [] where !names.contains(folder) { names.append(folder) }
        for name in names {
            guard let problem = ConfigSchema.problems(in: settings(forAlbum: name)).first else { continue }
            let patterns = patterns(forAlbum: name)
            let keyPath = patterns.last.map { "\(ConfigPath(components: ["album", $0])).\(problem.key)" } ?? "defaults.\(problem.key)"
            let tables = (["[defaults]"] + patterns.map { "[\(ConfigPath(components: ["album", $0]))]" }).joined(separator: " + ")
            // One table alone over the defaults is named by its key path; a combination is spelt out.
            let message = patterns.count > 1 ? "\(problem.message) (album folder \(TOMLReader.quoted(name)) gets \(tables))" : problem.message
            throw ConfigError(file: file, keyPath: keyPath, message: message)
        }
    }

    /// Where the file was looked for, and the commands that start one from the example.
    private static func missingFileAdvice(for url: URL, environment: [String: String]) -> String {
        let path = url.standardizedFileURL.path
        let home = ConfigContext.home(in: environment)
        let folder = shellWord(for: (path as NSString).deletingLastPathComponent, home: home)
        let lookedFor = url.relativePath == path ? "" : " (looked for \(path))"
        return "no such file\(lookedFor). To start from the example: "
            + "mkdir -p \(folder) && cp hotfolders.example \(shellWord(for: path, home: home)), "
            + "then set root in it (or pass --config FILE)"
    }

    /// A path as one word to paste into a shell: `~/...` where it can be, quoted where it must be.
    private static func shellWord(for path: String, home: String) -> String {
        let safe = path.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+@%,:".contains($0)) }
        guard safe else { return "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        if !home.isEmpty, home != "/", path.hasPrefix(home + "/") { return "~" + path.dropFirst(home.count) }
        return path
    }

    private static func xdgFolder(_ variable: String, else fallback: String, environment: [String: String]) -> URL {
        // The XDG spec says a relative value is invalid and must be ignored.
        if let value = environment[variable], value.hasPrefix("/") {
            return URL(fileURLWithPath: value, isDirectory: true)
        }
        return URL(fileURLWithPath: ConfigContext.home(in: environment), isDirectory: true).appendingPathComponent(fallback, isDirectory: true)
    }
}

/// The top level of the file while it is being read; `root` is required, the rest have defaults.
struct ConfigDraft: Sendable {
    var root: URL?
    var createRoot = false
    var state: URL?
    var workers: Int?
    var defaults = AlbumSettings()
    var ignored = IgnoredNames()
    var reconcileInterval: Duration = .seconds(600)
    var shutdownTimeout: Duration = .seconds(30)
    var backupInterval: Duration? = .seconds(86_400)
    var backupsKept = 7

    init() {}

    /// The draft a loaded configuration would have come from, for showing its top-level keys.
    init(_ configuration: Configuration) {
        root = configuration.root
        createRoot = configuration.createRoot
        state = configuration.state
        workers = configuration.workers
        defaults = configuration.defaults
        ignored = configuration.ignored
        reconcileInterval = configuration.reconcileInterval
        shutdownTimeout = configuration.shutdownTimeout
        backupInterval = configuration.backupInterval
        backupsKept = configuration.backupsKept
    }
}

/// A configuration problem, said with the file, the key path and what was expected:
/// `hotfolders.toml: defaults.preprocess.max_egde: unknown key (did you mean 'max_edge'?)`.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var keyPath: String?
    public var message: String

    public init(file: String, keyPath: String?, message: String) {
        self.file = file
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        if let keyPath { return "\(file): \(keyPath): \(message)" }
        return "\(file): \(message)"
    }
}
