/// Everything that decides how one album's photos are handled: `[defaults]` with every matching
/// `[album."..."]` table laid over it, validated once when the config is loaded.
public struct AlbumSettings: Sendable, Equatable {
    /// Rule names in the order they run (`rules = ["preprocess"]`).
    public var rules: [String] = ["preprocess"]
    /// What becomes of an inbox original once its outputs are safely written.
    public var after: AfterSuccess = .archive
    /// What to do when content already processed in this album arrives again.
    public var duplicates: DuplicatePolicy = .skip
    public var preprocess = PreprocessSettings()

    public init() {}
}

/// `after = "archive" | "delete" | "keep"`.
public enum AfterSuccess: String, Sendable, CaseIterable {
    /// Move the original to `originals/<Album>/`.
    case archive
    /// Remove it from the inbox (its outputs and catalog row remain).
    case delete
    /// Leave it in the inbox; the catalog remembers it is done.
    case keep
}

/// `duplicates = "skip" | "process"`.
public enum DuplicatePolicy: String, Sendable, CaseIterable {
    /// Record the arrival as a duplicate and do not process it again.
    case skip
    /// Process it again like any new photo.
    case process
}

/// `metadata = "strip" | "keep"` for an output.
public enum MetadataPolicy: String, Sendable, CaseIterable {
    case strip, keep
}
