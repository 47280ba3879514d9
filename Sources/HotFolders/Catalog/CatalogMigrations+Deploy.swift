import GRDB

extension CatalogMigrations {
    /// "v4-deploy": deployed objects and deploy state (issue 7). Empty until that issue lands; the name is reserved.
    static func registerDeploy(_ migrator: inout DatabaseMigrator) {
    }
}
