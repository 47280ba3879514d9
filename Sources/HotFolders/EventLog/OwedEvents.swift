import Foundation

/// Start-up repair of the log: a photo's event line is written after its outcome is committed,
/// so a kill -9 (or an event-log disk that was full) in between leaves a photo done or failed
/// with no line saying so. Each such photo gets a `recovered` line, so the log is complete.
struct OwedEvents {
    let catalog: Catalog
    let events: EventLog

    /// Logs what is owed and returns how many lines were written. Call it before any worker
    /// runs: a photo between its commit and its own line would otherwise be logged twice.
    @discardableResult
    func settle() -> Int {
        guard let owed = try? catalog.unloggedOutcomes() else { return 0 }
        var logged = 0
        for photo in owed {
            let event: Event
            switch photo.status {
            case .failed:
                var fields = ["outcome": "failed"]
                if let path = photo.dispositionPath { fields["original"] = path }
                event = Event(.recovered, level: .error, album: photo.album, file: photo.originalName, stage: photo.stage,
                              reason: "the photo failed before the agent stopped, without saying so: "
                                  + (photo.errorReason ?? "no reason recorded"),
                              detail: photo.errorDetail, fields: fields)
            default:
                var fields = ["outcome": "processed"]
                if let path = photo.dispositionPath { fields["original"] = path }
                let outputs = (try? catalog.outputs(photoID: photo.id))?.map(\.path)
                event = Event(.recovered, album: photo.album, file: photo.originalName, outputs: outputs,
                              reason: "the photo was processed before the agent stopped, without saying so",
                              fields: fields)
            }
            guard events.record(event) else { break }  // the log cannot take it now: still owed
            catalog.recordOutcomeLogged(photoID: photo.id)
            logged += 1
        }
        catalog.flushLoggedOutcomes()
        return logged
    }
}
