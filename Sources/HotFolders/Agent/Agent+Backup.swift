import Dispatch
import Foundation

extension Agent {
    /// Backs the catalog up every `backup_interval` (counted from the newest scheduled backup,
    /// so a restart does not make one more) and prunes to `backups_kept`. The backup reads the
    /// live file in one read transaction on a thread of its own: photos go on being recorded.
    func backupLoop() async {
        let state = workspace.configuration.state
        let backups = CatalogBackups(state: state)
        while !Task.isCancelled {
            guard let interval = configuration.backupInterval else {
                // Off: looked at again now and then, so a reload that turns it on is heard.
                try? await Task.sleep(for: .seconds(600))
                continue
            }
            let newest = (try? backups.list())?.last { $0.reason == .scheduled }?.made
            let due = newest.map { $0.addingTimeInterval(interval / .seconds(1)) } ?? Date()
            let wait = due.timeIntervalSinceNow
            if wait > 0 {
                // Wall-clock due time, looked at again at least every 10 minutes (a suspended
                // laptop, a clock set right).
                try? await Task.sleep(for: .seconds(min(wait, 600)))
                continue
            }
            let kept = configuration.backupsKept
            let catalog = workspace.catalog
            let clock = ContinuousClock()
            let started = clock.now
            let result: Result<CatalogBackups.Backup, Error> = await withCheckedContinuation { done in
                DispatchQueue.global(qos: .utility).async {
                    done.resume(returning: Result { try catalog.backUp(keeping: kept) })
                }
            }
            switch result {
            case .success(let backup):
                events.record(Event(.catalogBackup, fields: [
                    "file": backup.url.lastPathComponent, "bytes": "\(backup.bytes)",
                    "ms": "\(Int((clock.now - started) / .milliseconds(1)))",
                ]))
            case .failure(let error):
                events.record(Event(.warning, level: .warning, stage: "backup",
                                    reason: "the catalog could not be backed up; the agent tries again within the hour",
                                    detail: "\(error)"))
                try? await Task.sleep(for: min(interval, .seconds(3600)))
            }
        }
    }
}
