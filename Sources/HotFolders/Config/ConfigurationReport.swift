import Foundation

/// What `hotfolders check-config` shows once the file is valid: where things live, the defaults,
/// the effective pipeline of every album folder in the inbox and the `[album]` tables behind it,
/// and warnings for tables that match no folder. Formatted here; the command only prints it.
public struct ConfigurationReport: Sendable {
    /// One album folder found in `inbox/`.
    public struct Album: Sendable {
        public var name: String
        public var settings: AlbumSettings
        /// The `[album]` patterns applied to it, in the order they were applied.
        public var patterns: [String]
    }

    public var configuration: Configuration
    public var albums: [Album]
    /// `[album]` patterns that name no folder in the inbox (a typo, or an album not made yet).
    public var unmatchedPatterns: [String]
    /// Problems the inbox scan met (no inbox yet, an unreadable one).
    public var notes: [String]
    /// Merged settings that break a rule about several keys (only possible when globs combine).
    public var errors: [String]

    /// `albumFolders` are the folders in `inbox/`; `notes` say why none could be listed, and then
    /// no `[album]` table is reported as unmatched.
    public init(configuration: Configuration, albumFolders: [String], notes: [String] = []) {
        self.configuration = configuration
        self.notes = notes
        let albums = albumFolders.map {
            Album(name: $0, settings: configuration.settings(forAlbum: $0), patterns: configuration.patterns(forAlbum: $0))
        }
        self.albums = albums
        unmatchedPatterns = notes.isEmpty ? configuration.albums.map(\.pattern).filter { pattern in
            !albums.contains { $0.patterns.contains(pattern) }
        } : []
        errors = albums.flatMap { album in
            ConfigSchema.problems(in: album.settings).map { "album folder \(TOMLReader.quoted(album.name)): \($0.key): \($0.message)" }
        }
    }

    /// The report, line by line, ready to print.
    public var lines: [String] {
        var lines: [String] = []
        if let source = configuration.source { lines.append("config   \(source.path)") }
        lines += [
            "root     \(configuration.root.path)" + (configuration.createRoot ? "  (create_root = true: made if missing)" : ""),
            "state    \(configuration.state.path)",
            "workers  \(configuration.workers)",
        ]
        // The agent's own keys, in the file's spelling so a line can be copied into it.
        let shown: Set = ["root", "create_root", "state", "workers"]
        let draft = ConfigDraft(configuration)
        lines += ConfigSchema.top.settings.filter { !shown.contains($0.name) }.map { "\($0.name) = \($0.show(draft))" }
        lines += ["", "[defaults]"]
        lines += (configuration.defaults.summaryLines + configuration.defaults.arrivalLines).map { "  " + $0 }
        let inbox = configuration.layout.inbox.path + "/"
        lines += ["", albums.isEmpty ? "No album folders in \(inbox)" : "Album folders in \(inbox)"]
        for album in albums {
            let applied = ["[defaults]"] + album.patterns.map { "[\(ConfigPath(components: ["album", $0]))]" }
            lines.append("")
            lines.append("\(TOMLReader.quoted(album.name)): " + applied.joined(separator: " + "))
            lines += (album.settings.summaryLines + album.settings.arrivalLines).map { "  " + $0 }
        }
        return lines
    }

    /// Things worth fixing that do not stop the agent.
    public var warnings: [String] {
        notes + unmatchedPatterns.map {
            "[\(ConfigPath(components: ["album", $0]))] matches no album folder in \(configuration.layout.inbox.path)/"
        } + configuration.stateWarnings
    }
}

extension Configuration {
    /// The `[album]` patterns that apply to an album folder, in the order `settings(forAlbum:)`
    /// applies them: matching globs in file order, then the exact name.
    public func patterns(forAlbum name: String) -> [String] {
        albums.filter { $0.isGlob && $0.matches(name) }.map(\.pattern)
            + albums.filter { !$0.isGlob && $0.pattern == name }.map(\.pattern)
    }

    /// The album folders now in `inbox/`, sorted: real folders only (no symlinks, no ignored names).
    public func albumFolders() throws -> [String] {
        try AlbumFolders.list(in: layout.inbox, ignoring: ignored).names
    }

    /// The check-config report for the album folders in the inbox now, with what stops root or
    /// state from being used among its errors.
    public func report() -> ConfigurationReport {
        var report = albumReport()
        let problems = folderProblems()
        report.errors = problems.map(\.description) + report.errors
        // "inbox/ is made on the first run" would be untrue under a root that cannot be used.
        if problems.contains(where: { $0.place != .state }) { report.notes = [] }
        return report
    }

    private func albumReport() -> ConfigurationReport {
        let inbox = layout.inbox.path
        guard FileManager.default.fileExists(atPath: inbox) else {
            return ConfigurationReport(configuration: self, albumFolders: [],
                                       notes: ["\(inbox)/ does not exist yet; it is made on the first run"])
        }
        do {
            return ConfigurationReport(configuration: self, albumFolders: try albumFolders())
        } catch {
            return ConfigurationReport(configuration: self, albumFolders: [],
                                       notes: ["cannot list \(inbox)/: \(error.localizedDescription)"])
        }
    }
}

extension Configuration {
    /// SQLite's locks are not safe on a network file system: two machines (or a server-side
    /// change) can then corrupt the catalog. The state folder belongs on a local disk.
    var stateWarnings: [String] {
        // The state folder may not exist yet: judge the nearest folder that does.
        let folder = URL(fileURLWithPath: FolderProblem.nearestExisting(state.path))
        guard case .network(let name) = FileSystemKind.of(folder) else { return [] }
        return ["state \(state.path) is on a network file system (\(name)): SQLite's locking is not safe there and the "
            + "catalog can be damaged; put state on a local disk (root may stay on the share)"]
    }
}
