/// Where and under which names one album is published: object keys from outbox paths (with
/// the content hash in `hashed` names), the manifest's key, public URLs and Cache-Control.
struct AlbumDestination: Sendable {
    let album: String
    let settings: DeploySettings
    let target: DeployTarget

    /// nil when the album has no deploy target.
    init?(album: String, settings: DeploySettings) {
        guard let target = settings.target else { return nil }
        self.album = album
        self.settings = settings
        self.target = target
    }

    var endpoint: String { settings.effectiveEndpoint }
    /// The store and bucket, as the catalog records where objects went.
    var destination: String { "\(endpoint)/\(target.bucket)" }
    /// `s3://bucket/albums/Trip/` for messages.
    var description: String { "s3://\(target.bucket)/\(target.manifestKey(album: album).dropLast("manifest.json".count))" }

    /// `albums/Trip/512/IMG_1.3f2a9c1b7d4e.webp` (hashed) or `albums/Trip/512/IMG_1.webp` (plain)
    /// for `outbox/Trip/512/IMG_1.webp`; subfolders inside the variant are kept.
    func key(forPath path: String, variant: String, sha256: String) -> String {
        let prefix = "outbox/\(album)/\(variant)/"
        var name = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : String(path.split(separator: "/").last ?? "")
        if settings.names == .hashed {
            let hash = String(sha256.prefix(12))
            let folder = name.range(of: "/", options: .backwards).map { String(name[..<$0.upperBound]) } ?? ""
            let file = String(name.dropFirst(folder.count))
            if let dot = file.range(of: ".", options: .backwards), dot.lowerBound != file.startIndex {
                name = folder + file[..<dot.lowerBound] + "." + hash + file[dot.lowerBound...]
            } else {
                name = folder + file + "." + hash
            }
        }
        return target.folder(album: album, variant: variant) + name
    }

    func key(for output: OutputRecord) -> String {
        key(forPath: output.path, variant: output.variant, sha256: output.sha256)
    }

    var manifestKey: String { target.manifestKey(album: album) }

    /// Where a browser reaches the object: under `public_url` when set, else the store's own URL.
    func url(forKey key: String) -> String {
        if let base = settings.publicURL { return base + "/" + S3Client.encodePath(key) }
        return S3Client.objectURL(endpoint: endpoint, bucket: target.bucket, pathStyle: settings.pathStyle, key: key)
    }

    func cacheControl(forVariant variant: String) -> String { settings.cacheControl(forVariant: variant) }
}
