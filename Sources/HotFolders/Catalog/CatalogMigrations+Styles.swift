import GRDB

extension CatalogMigrations {
    /// "v3-styles": style results and seeds (issue 6). Empty until that issue lands; the name is reserved.
    static func registerStyles(_ migrator: inout DatabaseMigrator) {
    }
}
