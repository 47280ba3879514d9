/// What an event line says happened: its `event` key. The raw values are the names the log has
/// always used, so `hotfolders log`, `jq` filters and lines written by older versions read alike.
public enum EventKind: String, Sendable, CaseIterable {
    // A photo's outcome (one of these per arrival, or `recovered` at the next start).
    case processed, failed, duplicate, skipped, postponed, incomplete, recovered
    /// A failed photo put back into the inbox by `hotfolders retry`.
    case retry
    case styled
    case styleFailed = "style_failed"

    // Publishing (manifests, S3, CloudFront).
    case deployed
    case deployRetry = "deploy_retry"
    case deployWaiting = "deploy_waiting"
    case deployFailed = "deploy_failed"
    case manifestDeployed = "manifest_deployed"
    case manifestRepaired = "manifest_repaired"
    case invalidated
    case invalidationFailed = "invalidation_failed"

    // The agent's own life.
    case started, ready, stopping, stopped, reloaded
    case configRejected = "config_rejected"
    case watching
    case albumRemoved = "album_removed"
    case overflow
    case watchLimit = "watch_limit"
    case watchBudget = "watch_budget"
    case paused, resumed

    // The catalog.
    case catalogBackup = "catalog_backup"
    case catalogDamaged = "catalog_damaged"

    /// Something an operator should look at that is none of the above (a put-away fault, a
    /// manifest that could not be written, ...): the reason says what.
    case warning
}
