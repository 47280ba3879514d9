import Foundation
import Synchronization

/// The pipeline's tail for originals: putting each where `after` (or failure) says, recording
/// it, and saying in the event log what really happened to it.
extension Pipeline {
    /// What became of an arrival's original.
    enum Disposal {
        /// Not from the inbox: left where it is.
        case notFromInbox
        /// Where `after` says, or a verified copy there while the original stays in a read-only album.
        case putAway(Originals.PutAway)
        /// Nothing moved (a warning says why); the original stays in the inbox and the next run
        /// tries again (`finishDisposition`).
        case notPutAway
    }

    /// What is said once per run, not once per photo and pass: albums whose folder turned out
    /// read-only, put-away faults, a photo postponed by a full disk.
    final class Notices: Sendable {
        private let said = Mutex<Set<String>>([])

        /// True the first time `key` is seen.
        func first(_ key: String) -> Bool { said.withLock { $0.insert(key).inserted } }

        /// `key` may be said again (what it was about is over).
        func forget(_ key: String) { _ = said.withLock { $0.remove(key) } }
    }

    /// Puts an inbox original where `after` says, recording it. A failure here loses nothing:
    /// the original stays in the inbox, and the next run finishes the move (`finishDisposition`).
    func dispose(_ arrival: Arrival, photoID: Int64, sha256: String, after: AfterSuccess, earlierRun: Bool = false) -> Disposal {
        guard arrival.fromInbox else { return .notFromInbox }
        let putAway: Originals.PutAway
        let disposition: Disposition
        do {
            switch after {
            case .archive:
                putAway = try originals.archive(arrival, sha256: sha256)
                disposition = .archived
            case .delete:
                putAway = try originals.delete(arrival)
                // A read-only album keeps what it cannot delete: as with `after = "keep"`.
                disposition = putAway.leftInInbox == nil ? .deleted : .kept
            case .keep:
                putAway = Originals.PutAway(path: configuration.layout.relative(arrival.url))
                disposition = .kept
            }
        } catch {
            let code = (error as? SystemError)?.code ?? -1
            if notices.first("\(arrival.album)\u{0}not put away \(code)") {
                let written = earlierRun ? "outputs were written by an earlier run and are safe" : "outputs are safe"
                events.record(Event(.warning, level: .warning, album: arrival.album, file: arrival.name, stage: "after",
                                    reason: "\(written), but the original could not be put away; it stays in the inbox and "
                                        + "is tried again at each pass (said once)", detail: "\(error)"))
            }
            return .notPutAway
        }
        do {
            try catalog.recordDisposition(photoID: photoID, disposition, path: putAway.path,
                                          leftInInbox: putAway.leftInInbox?.description)
        } catch {
            // The move happened: say where the original is, though the catalog does not know it
            // (`hotfolders catalog check` lists it until the catalog can be written again).
            events.record(Event(.warning, level: .warning, album: arrival.album, file: arrival.name, stage: "after",
                                reason: "the original is put away" + (putAway.path.map { " as \($0)" } ?? "")
                                    + ", but the catalog could not record where", detail: "\(error)",
                                fields: Pipeline.originalFields(putAway)))
        }
        if let left = putAway.leftInInbox { noteReadOnly(arrival, left, after: after) }
        return .putAway(putAway)
    }

    /// The first original of an album found read-only: one warning for the album, not one per
    /// photo and pass. Each photo's own event carries `left_in_inbox` too.
    func noteReadOnly(_ arrival: Arrival, _ error: SystemError, after: AfterSuccess?) {
        guard notices.first("\(arrival.album)\u{0}read-only") else { return }
        let what = switch after {
        case .archive?: "its originals are copied to originals/\(arrival.album)/ and also stay in the inbox"
        case .delete?: "its originals cannot be deleted (after = \"delete\") and stay in the inbox, as with after = \"keep\""
        case .keep?: "its originals stay in the inbox"
        case nil: "photos that fail are copied to failed/\(arrival.album)/ with their report and also stay in the inbox"
        }
        events.record(Event(.warning, level: .warning, album: arrival.album, file: arrival.name, stage: "after",
                            reason: "the album cannot be changed (a camera card, a share without delete rights, a read-only "
                                + "mount or an immutable file?): \(what); they are done and not processed or copied again",
                            detail: error.description))
    }

    /// An earlier run wrote the outputs and stopped before the original was put away: put it
    /// away now and say what happened, `recovered` only when it really was.
    func finishDisposition(_ arrival: Arrival, photoID: Int64, sha256: String, after: AfterSuccess) -> PhotoOutcome {
        switch dispose(arrival, photoID: photoID, sha256: sha256, after: after, earlierRun: true) {
        case .notFromInbox:
            return .unchanged
        case .notPutAway:
            // Nothing happened this pass (its warning was said once): not counted again.
            return .unchanged
        case .putAway(let putAway):
            let reason = switch (after, putAway.leftInInbox) {
            case (.keep, _): "outputs were already written by an earlier run; the original stays in the inbox (after = \"keep\")"
            case (_, nil): "outputs were already written by an earlier run; the original is now put away"
            case (.archive, _?): "outputs were already written by an earlier run; a copy of the original is now put away, "
                + "and the original stays in the inbox (the album cannot be changed)"
            case (.delete, _?): "outputs were already written by an earlier run; the original could not be deleted and "
                + "stays in the inbox (the album cannot be changed)"
            }
            events.record(Event(.recovered, album: arrival.album, file: arrival.name, reason: reason,
                                fields: Pipeline.originalFields(putAway)))
            return .recovered(original: putAway.path)
        }
    }

    /// `original` (where it is now) and `left_in_inbox` (why it is also still there) for an event.
    static func originalFields(_ putAway: Originals.PutAway?) -> [String: String]? {
        guard let putAway, putAway.path != nil || putAway.leftInInbox != nil else { return nil }
        var fields: [String: String] = [:]
        if let path = putAway.path { fields["original"] = path }
        if let left = putAway.leftInInbox { fields["left_in_inbox"] = left.message }
        return fields
    }
}

extension Pipeline.Disposal {
    var putAway: Originals.PutAway? {
        if case .putAway(let putAway) = self { return putAway }
        return nil
    }
}
