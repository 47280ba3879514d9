import Foundation
import GRDB

// STUB: signatures pinned for the pipeline; the catalog helper replaces the bodies.

/// The agent's memory: one row per photo seen, its progress through every stage, its outputs
/// and what became of its original. SQLite in WAL mode on disk (`<state>/catalog.sqlite`), so a
/// re-run or a crash never duplicates or loses work.
public final class Catalog: Sendable {
    public let url: URL
    public init(directory: URL) throws { self.url = directory.appendingPathComponent("catalog.sqlite"); fatalError("todo") }

    public func admit(album: String, originalName: String, size: Int64, sha256: String,
                      duplicates: DuplicatePolicy) throws -> Admission { fatalError("todo") }
    public func stageStarted(photoID: Int64, stage: String) throws { fatalError("todo") }
    public func stageFinished(photoID: Int64, stage: String) throws { fatalError("todo") }
    public func recordSuccess(photoID: Int64, outputs: [OutputRecord]) throws { fatalError("todo") }
    public func recordFailure(photoID: Int64, stage: String, reason: String, detail: String?) throws { fatalError("todo") }
    public func recordDisposition(photoID: Int64, _ disposition: Disposition, path: String?) throws { fatalError("todo") }
    public func outputOwner(path: String) throws -> Int64? { fatalError("todo") }
    public func resetInterrupted() throws -> Int { fatalError("todo") }
}

/// What intake should do with an arriving file, decided by the catalog in one transaction.
public enum Admission: Sendable, Equatable {
    /// New content, or content whose earlier processing never finished or failed: run the pipeline.
    case process(photoID: Int64)
    /// Outputs are recorded but the original was never moved (a crash between the two): only
    /// finish what `after` says.
    case finishDisposition(photoID: Int64)
    /// Done, and this very file was deliberately left where it is (`after = "keep"`): nothing to do.
    case alreadyDone(photoID: Int64)
    /// The same content was already processed in this album under another name.
    case duplicate(photoID: Int64, of: Int64)
}

/// What became of an original.
public enum Disposition: String, Sendable, CaseIterable {
    case archived, deleted, kept, failed
}

/// One file written to the outbox, as the catalog records it.
public struct OutputRecord: Sendable, Equatable {
    public var variant: String
    /// Relative to root ("outbox/Album/web/IMG_1.webp").
    public var path: String
    public var bytes: Int64
    public var sha256: String
    public var width: Int
    public var height: Int
    public var format: String

    public init(variant: String, path: String, bytes: Int64, sha256: String, width: Int, height: Int, format: String) {
        self.variant = variant; self.path = path; self.bytes = bytes; self.sha256 = sha256
        self.width = width; self.height = height; self.format = format
    }
}
