import Foundation

/// One album's photos in the catalog, counted by status.
public struct AlbumSummary: Sendable, Equatable {
    public var album: String
    public var counts: [PhotoStatus: Int]
    /// Rows whose original was left in the inbox on purpose (`after = "keep"`) or because the
    /// album is read-only (copied to originals/ or failed/ all the same): files there that are
    /// not waiting.
    public var kept: Int

    public init(album: String, counts: [PhotoStatus: Int] = [:], kept: Int = 0) {
        self.album = album
        self.counts = counts
        self.kept = kept
    }

    public subscript(status: PhotoStatus) -> Int { counts[status, default: 0] }
    public var total: Int { counts.values.reduce(0, +) }
}

/// A photo that failed, as `status` lists it: where, at which stage, why, and when.
public struct FailureSummary: Sendable, Equatable {
    /// Nil for a file the catalog knows only as unreadable (it has no photo row).
    public var photoID: Int64?
    public var album: String
    /// The original's path relative to its album folder.
    public var file: String
    public var stage: String?
    public var reason: String
    public var detail: String?
    public var time: Date

    public init(photoID: Int64?, album: String, file: String, stage: String?, reason: String, detail: String?, time: Date) {
        self.photoID = photoID
        self.album = album
        self.file = file
        self.stage = stage
        self.reason = reason
        self.detail = detail
        self.time = time
    }
}
