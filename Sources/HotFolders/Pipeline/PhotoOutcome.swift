/// What became of one arrival, for progress lines and the batch summary.
public enum PhotoOutcome: Sendable, Equatable {
    /// Outputs written (paths relative to root); `original` says where the original went.
    case processed(outputs: [String], original: String?)
    /// The content was already processed in this album.
    case duplicate(of: String)
    /// Not a photo, vanished, a symlink...: left where it is.
    case skipped(reason: String)
    /// Failed; `movedTo` is its place in failed/ (nil when left where it was).
    case failed(stage: String, reason: String, movedTo: String?)
    /// Nothing to do: already done and deliberately kept in the inbox.
    case unchanged
    /// An earlier run wrote the outputs but stopped before moving the original; now moved.
    case recovered(original: String?)
    /// Could not be decoded yet, but changed recently: left in the inbox for the rest to arrive
    /// (agent only); judged again on its next change or after `retryIn`.
    case incomplete(retryIn: Duration)
    /// Not the photo's fault (a full disk, a read-only or failing file system): left in the
    /// inbox, recorded as waiting, and tried again once the machine lets it (the agent backs off).
    case postponed(stage: String, reason: String)

    public var isFailure: Bool {
        switch self {
        case .failed, .postponed: return true
        default: return false
        }
    }
}
