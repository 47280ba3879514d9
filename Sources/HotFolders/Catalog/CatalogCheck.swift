import Foundation
import Glibc
import GRDB

/// `hotfolders catalog check`: the catalog file itself (SQLite's full integrity check and its
/// foreign keys), then the catalog against the files it speaks of: originals and outputs it
/// names that are missing or whose bytes changed, and files in `originals/` and `outbox/` it
/// does not know. It changes no file (it only records in the catalog that it ran, for
/// `status`); what it finds is listed, never mended or deleted.
public struct CatalogCheck: Sendable {
    /// One thing found, with the path relative to root where there is one.
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable {
            /// The SQLite file: an integrity or foreign-key problem.
            case damaged
            /// An output or original the catalog names is not on disk.
            case missing
            /// It is there, but not with the size and SHA-256 the catalog recorded.
            case changed
            /// A file under originals/ or outbox/ no photo in the catalog owns.
            case unknown
        }
        public var kind: Kind
        public var path: String
        public var detail: String

        public var description: String { "\(kind.rawValue): \(path)" + (detail.isEmpty ? "" : " (\(detail))") }
    }

    public var findings: [Finding] = []
    /// How many outputs and originals were compared with the catalog.
    public var outputsChecked = 0
    public var originalsChecked = 0

    public var isClean: Bool { findings.isEmpty }

    /// Runs every check; `hashing` false compares sizes only (quicker on a large library).
    public static func run(catalog: Catalog, layout: Layout, ignoring ignored: IgnoredNames = IgnoredNames(),
                           hashing: Bool = true) throws -> CatalogCheck {
        var check = CatalogCheck()
        for problem in try catalog.integrityProblems() {
            check.findings.append(Finding(kind: .damaged, path: catalog.url.lastPathComponent, detail: problem))
        }
        // Files are compared only with a catalog that reads back whole.
        if check.findings.isEmpty {
            let owned = try catalog.ownedFiles()
            check.compare(owned.outputs, layout: layout, hashing: hashing, counting: \.outputsChecked)
            check.compare(owned.originals, layout: layout, hashing: hashing, counting: \.originalsChecked)
            let known = Set(owned.outputs.keys).union(owned.originals.keys)
            for top in [layout.originals, layout.outbox] {
                for case .file(let url, _) in FolderWalk(top, ignoring: ignored) {
                    let path = layout.relative(url)
                    if known.contains(path) || Self.isOwnBookkeeping(path) { continue }
                    check.findings.append(Finding(kind: .unknown, path: path, detail: "no photo in the catalog owns it"))
                }
            }
        }
        let summary = check.isClean ? "ok" : "\(check.findings.count) problem(s)"
        try? catalog.recordCheck(.full, problems: check.findings.count, summary: summary)
        return check
    }

    /// Album manifests and error reports are written by hotfolders beside the photos; they
    /// belong to the album, not to one photo.
    static func isOwnBookkeeping(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        return (path.hasPrefix("outbox/") && name == "manifest.json") || name.hasPrefix(".hotfolders-")
    }

    private mutating func compare(_ files: [String: (bytes: Int64, sha256: String)], layout: Layout, hashing: Bool,
                                  counting counter: WritableKeyPath<CatalogCheck, Int>) {
        for (path, expected) in files.sorted(by: { $0.key < $1.key }) {
            self[keyPath: counter] += 1
            let url = layout.root.appendingPathComponent(path)
            var info = stat()
            guard lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                findings.append(Finding(kind: .missing, path: path, detail: "the catalog records it, but it is not there"))
                continue
            }
            if Int64(info.st_size) != expected.bytes {
                findings.append(Finding(kind: .changed, path: path, detail: "\(info.st_size) bytes, the catalog recorded \(expected.bytes)"))
            } else if hashing, let inspection = try? Inspection.of(url), inspection.sha256 != expected.sha256 {
                findings.append(Finding(kind: .changed, path: path, detail: "its content differs from what was recorded (SHA-256)"))
            }
        }
    }
}

extension Catalog {
    /// Every output path and every original put away in originals/ or failed/, with the size
    /// and SHA-256 recorded for it.
    func ownedFiles() throws -> (outputs: [String: (bytes: Int64, sha256: String)], originals: [String: (bytes: Int64, sha256: String)]) {
        try read { db in
            var outputs: [String: (Int64, String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT path, bytes, sha256 FROM output") {
                outputs[row[0]] = (row[1], row[2])
            }
            var originals: [String: (Int64, String)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT disposition_path, size, sha256 FROM photo
                WHERE disposition IN ('archived', 'failed') AND disposition_path IS NOT NULL
                """) {
                originals[row[0]] = (row[1], row[2])
            }
            return (outputs, originals)
        }
    }
}
