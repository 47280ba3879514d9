import GRDB

extension CatalogMigrations {
    /// "v2-metadata": photo metadata, places and the geocoding cache (issue 4). Empty until that issue lands; the name is reserved.
    static func registerMetadata(_ migrator: inout DatabaseMigrator) {
    }
}
