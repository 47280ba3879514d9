import Foundation

/// The shared photo corpus (`../shared/corpus` beside the repository, or `$HOTFOLDERS_CORPUS`).
/// A user's clone has no `shared/`, so tests that need it are skipped with a message instead.
enum Corpus {
    static let root: URL? = {
        if let env = ProcessInfo.processInfo.environment["HOTFOLDERS_CORPUS"], !env.isEmpty {
            return URL(fileURLWithPath: env, isDirectory: true)
        }
        // Tests/HotFoldersTests/Support/Corpus.swift -> repository -> ../shared/corpus
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidate = repo.deletingLastPathComponent().appendingPathComponent("shared/corpus", isDirectory: true)
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }()

    static var available: Bool { root != nil }
    static let skipMessage: Comment = "../shared/corpus is not beside this clone (set HOTFOLDERS_CORPUS to use it)"

    /// A folder of the corpus, e.g. `folder("orientation")`.
    static func folder(_ name: String) -> URL { root!.appendingPathComponent(name, isDirectory: true) }
    static func file(_ folder: String, _ name: String) -> URL { self.folder(folder).appendingPathComponent(name) }

    /// The regular files of a corpus folder, sorted by name.
    static func files(in folder: String) -> [URL] {
        let dir = self.folder(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0) }
    }
}

import Testing
