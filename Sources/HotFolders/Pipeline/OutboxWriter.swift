import Foundation
import Synchronization

/// Names and writes a photo's encoded outputs into `outbox/<Album>/<variant>/`, durably
/// (temporary name, fsync, rename, fsync of the folder). Two different photos never get the
/// same file: a name owned by another photo (in the catalog, or being written right now by
/// another worker) gets `_1`, `_2`, ... appended, deterministically in that order.
final class OutboxWriter: Sendable {
    let layout: Layout
    let catalog: Catalog
    /// Outbox paths being written by photos in flight, not yet committed to the catalog.
    private let inFlight = Mutex<Set<String>>([])

    /// Longest stem we write: leaves room for a counter, a size suffix and an extension within
    /// the 255-byte file name limit.
    static let maxStemBytes = 200

    init(layout: Layout, catalog: Catalog) {
        self.layout = layout
        self.catalog = catalog
    }

    /// One output ready to be written.
    struct Encoded {
        var variant: String
        var suffix: String
        var bytes: [UInt8]
        var width: Int
        var height: Int
        var format: OutputFormat
    }

    /// Writes every output, returning what the catalog should record. The reserved names stay
    /// reserved until `release` (after the catalog commit).
    func write(_ outputs: [Encoded], baseName: String, album: String, photoID: Int64) throws -> [OutputRecord] {
        let root = try Folder.open(layout.root, create: true)
        var records: [OutputRecord] = []
        var parts = baseName.split(separator: "/").map(String.init)
        let stem = OutboxWriter.capped(parts.popLast() ?? "photo")
        for output in outputs {
            let folder = try root.folder(["outbox", album, output.variant] + parts, create: true)
            let directory = (["outbox", album, output.variant] + parts).joined(separator: "/")
            let name = try reserveName(stem: stem + output.suffix, ext: output.format.fileExtension,
                                       directory: directory, photoID: photoID)
            do {
                try folder.writeDurably(name, bytes: output.bytes)
            } catch {
                release([directory + "/" + name])
                throw error
            }
            // Both digests from the bytes in hand: publishing and deploy never read the file back.
            let digest = Digest(of: output.bytes)
            records.append(OutputRecord(
                variant: output.variant, path: directory + "/" + name, bytes: Int64(output.bytes.count),
                sha256: digest.sha256Hex, width: output.width, height: output.height, format: output.format.rawValue,
                md5: digest.md5Hex))
        }
        return records
    }

    func release(_ paths: [String]) {
        inFlight.withLock { set in for path in paths { set.remove(path) } }
    }

    private func reserveName(stem: String, ext: String, directory: String, photoID: Int64) throws -> String {
        for counter in 0..<10_000 {
            let name = counter == 0 ? "\(stem).\(ext)" : "\(stem)_\(counter).\(ext)"
            let path = directory + "/" + name
            let owner = try catalog.outputOwner(path: path)
            guard owner == nil || owner == photoID else { continue }
            let reserved = inFlight.withLock { set in set.insert(path).inserted }
            if reserved { return name }
        }
        throw RuleError("no free output name for \(stem).\(ext) after 10000 tries")
    }

    /// Cuts a name to `maxStemBytes` of UTF-8 without splitting a character.
    static func capped(_ stem: String) -> String {
        guard stem.utf8.count > maxStemBytes else { return stem }
        var result = ""
        for character in stem {
            if result.utf8.count + character.utf8.count > maxStemBytes { break }
            result.append(character)
        }
        return result
    }
}
