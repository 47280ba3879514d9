import GRDB

/// What became of an original.
public enum Disposition: String, Sendable, CaseIterable {
    /// Moved to `originals/<Album>/`.
    case archived
    /// Removed from the inbox (`after = "delete"`).
    case deleted
    /// Left in the inbox on purpose (`after = "keep"`).
    case kept
    /// Moved to `failed/<Album>/` beside its `.error.json`.
    case failed
}

extension Disposition: DatabaseValueConvertible {}
