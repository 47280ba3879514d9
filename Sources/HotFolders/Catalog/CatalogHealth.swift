import Foundation

/// Where the catalog stands, for `status`: its newest backup and its last checks.
public struct CatalogHealth: Sendable {
    public var newestBackup: CatalogBackups.Backup?
    public var backups: Int
    public var checks: [CatalogCheckRecord.Kind: CatalogCheckRecord]

    public static func of(_ catalog: Catalog) -> CatalogHealth {
        let list = (try? CatalogBackups(state: catalog.url.deletingLastPathComponent()).list()) ?? []
        return CatalogHealth(newestBackup: list.last, backups: list.count, checks: (try? catalog.lastChecks()) ?? [:])
    }

    /// "Catalog: last backup 2026-12-03T14:05:12Z (7 kept); checked 2026-12-03T14:00:01Z (quick): ok".
    public var line: String {
        var parts: [String] = []
        if let newest = newestBackup {
            parts.append("last backup \(Timestamp.string(newest.made)) (\(backups) kept)")
        } else {
            parts.append("no backup yet")
        }
        if let last = checks.values.max(by: { $0.checked < $1.checked }) {
            parts.append("checked \(Timestamp.string(last.checked)) (\(last.kind.rawValue)): \(last.summary)")
        } else {
            parts.append("never checked")
        }
        return "Catalog: " + parts.joined(separator: "; ")
    }
}
