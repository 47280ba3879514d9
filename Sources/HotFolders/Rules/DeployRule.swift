/// The `deploy` rule: marks the album's photos for publishing. It does nothing to the photo
/// while it is processed, so an unreachable server can never slow or fail a photo: once the
/// outputs are recorded the photo is "deploy pending" in the catalog, and the `Deployer` (run
/// by the agent, after `hotfolders process`, and by `hotfolders deploy`) uploads it.
public struct DeployRule: Rule {
    public var kind: RuleKind { .deploy }

    public init() {}

    public func apply(to photo: inout PhotoWork, in context: RuleContext) async throws {}
}
