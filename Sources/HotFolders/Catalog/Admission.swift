/// What intake should do with an arriving file, decided by the catalog in one transaction.
public enum Admission: Sendable, Equatable {
    /// New content, or content whose earlier processing never finished or failed: run the pipeline.
    case process(photoID: Int64)
    /// Outputs are recorded but the original was never moved (a crash between the two): only
    /// finish what `after` says.
    case finishDisposition(photoID: Int64)
    /// Done, and this very file was left where it is, deliberately (`after = "keep"`) or because
    /// its album is read-only (a copy is put away already): nothing to do.
    case alreadyDone(photoID: Int64)
    /// The same content was already processed in this album under another name.
    case duplicate(photoID: Int64, of: Int64)

    /// The catalog row the arrival is recorded under.
    public var photoID: Int64 {
        switch self {
        case .process(let id), .finishDisposition(let id), .alreadyDone(let id), .duplicate(let id, _): return id
        }
    }
}
