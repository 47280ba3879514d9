import Foundation
import Synchronization

/// Names and writes a photo's encoded outputs into `outbox/<Album>/<variant>/`, durably
/// (temporary name, fsync, rename, fsync of the folder). Two different photos never get the
/// same file: a name owned by another photo (in the catalog, or being written right now by
/// another worker) gets `_1`, `_2`, ... appended, deterministically in that order.
final class OutboxWriter: Sendable {
    let layout: Layout
    let catalog: Catalog
    /// Outbox paths being written by photos in flight, not yet committed to the catalog, and
    /// whether each is new (true) or a file the catalog already records for the same photo.
    private let inFlight = Mutex<[String: Bool]>([:])

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
    /// reserved until `release` (after the catalog commit) or `discard` (the commit failed).
    /// A write that fails part-way (a full disk) takes back what it wrote before it throws, so
    /// nothing is left in the outbox owned by nothing and the retry gets the same names.
    func write(_ outputs: [Encoded], baseName: String, album: String, photoID: Int64) throws -> [OutputRecord] {
        var reserved: [String] = []
        do {
            return try write(outputs, baseName: baseName, album: album, photoID: photoID, reserving: &reserved)
        } catch {
            discard(reserved)
            throw error
        }
    }

    private func write(_ outputs: [Encoded], baseName: String, album: String, photoID: Int64,
                       reserving reserved: inout [String]) throws -> [OutputRecord] {
        let root = try Folder.open(layout.root)
        var records: [OutputRecord] = []
        var parts = baseName.split(separator: "/").map(String.init)
        let stem = OutboxWriter.capped(parts.popLast() ?? "photo")
        for output in outputs {
            let folder = try root.folder(["outbox", album, output.variant] + parts, create: true)
            let directory = (["outbox", album, output.variant] + parts).joined(separator: "/")
            // Both digests from the bytes in hand: publishing and deploy never read the file back.
            let digest = Digest(of: output.bytes)
            let name = try reserveName(stem: stem + output.suffix, ext: output.format.fileExtension,
                                       directory: directory, folder: folder, sha256: digest.sha256Hex, photoID: photoID)
            reserved.append(directory + "/" + name)
            try folder.writeDurably(name, bytes: output.bytes)
            records.append(OutputRecord(
                variant: output.variant, path: directory + "/" + name, bytes: Int64(output.bytes.count),
                sha256: digest.sha256Hex, width: output.width, height: output.height, format: output.format.rawValue,
                md5: digest.md5Hex))
        }
        return records
    }

    /// The catalog recorded the outputs: their names are its to guard now.
    func release(_ paths: [String]) {
        inFlight.withLock { reserved in for path in paths { reserved[path] = nil } }
    }

    /// The try failed before the catalog recorded it: removes the files it created (a file the
    /// catalog already records for this photo, rewritten by a retry, stays: the catalog still
    /// points at it) and frees the names, so a retry is named as a clean run would be.
    func discard(_ paths: [String]) {
        let created = inFlight.withLock { reserved in
            paths.filter { path in reserved.removeValue(forKey: path) == true }
        }
        guard !created.isEmpty, let root = try? Folder.open(layout.root) else { return }
        for path in created {
            let parts = path.split(separator: "/").map(String.init)
            guard let name = parts.last, let folder = try? root.folder(Array(parts.dropLast()), create: false) else { continue }
            try? folder.remove(name)
        }
    }

    /// The first name of `stem` this photo may write: one the catalog records as its own, or
    /// one nobody owns that is free on disk or already holds exactly these bytes. A file the
    /// catalog does not own (a lost or restored catalog, a file the user put there) is never
    /// replaced by other bytes: the output is numbered around it.
    private func reserveName(stem: String, ext: String, directory: String, folder: Folder, sha256: String,
                             photoID: Int64) throws -> String {
        for counter in 0..<10_000 {
            let name = counter == 0 ? "\(stem).\(ext)" : "\(stem)_\(counter).\(ext)"
            let path = directory + "/" + name
            // Held first, looked at second: another worker cannot write, record and release the
            // same name between the look and the hold.
            let held = inFlight.withLock { reserved -> Bool in
                guard reserved[path] == nil else { return false }
                reserved[path] = false
                return true
            }
            guard held else { continue }
            let free: Bool
            var creates = false  // only a name this try creates is taken back if the try fails
            do {
                let owner = try catalog.outputOwner(path: path)
                if owner == photoID {
                    free = true
                } else if owner != nil {
                    free = false
                } else if folder.exists(name) {
                    free = folder.holds(name, sha256: sha256)
                } else {
                    free = true
                    creates = true
                }
            } catch {
                inFlight.withLock { _ = $0.removeValue(forKey: path) }
                throw error
            }
            inFlight.withLock { reserved in if free { reserved[path] = creates } else { reserved[path] = nil } }
            if free { return name }
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
