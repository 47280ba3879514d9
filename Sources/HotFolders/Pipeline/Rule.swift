/// One step of an album's pipeline (preprocess, metadata, rename, ...). Rules are small values
/// built from the album's settings; a pipeline is an ordered list of them. A rule changes the
/// photo's work in progress and throws a `RuleError` in plain words when the photo cannot go on.
public protocol Rule: Sendable {
    var kind: RuleKind { get }
    func apply(to photo: inout PhotoWork, in context: RuleContext) async throws
}

extension Rule {
    /// The name used in the config's `rules = [...]` list, the catalog's stage rows and the event log.
    public var name: String { kind.rawValue }
}
