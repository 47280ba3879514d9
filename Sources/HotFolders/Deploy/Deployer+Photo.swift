import Foundation

extension Deployer {
    /// What one photo's deploy sent.
    struct PhotoSent {
        var uploaded = 0
        var unchanged = 0
        var bytes: Int64 = 0
        /// Keys that held other content before: a CDN may have cached the old one.
        var overwritten: [String] = []
    }

    /// Sends every output of the photo the store does not already hold with the same content,
    /// recording each one as the store confirms it.
    func deployPhoto(_ candidate: DeployCandidate, destination: AlbumDestination, uploader: ObjectUploader,
                     report: inout AlbumDeployReport) async throws -> PhotoSent {
        var sent = PhotoSent()
        for output in try catalog.outputs(photoID: candidate.photoID) {
            let key = destination.key(for: output)
            let existing = try catalog.deployedObject(destination: destination.destination, key: key)
            if existing?.sha256 == output.sha256 {
                sent.unchanged += 1
                report.unchanged += 1
                continue
            }
            let bytes: [UInt8]
            do {
                bytes = try OutboxFile.read(output.path, root: configuration.layout.root)
            } catch {
                throw DeployError(.photo, "\(output.path) cannot be read (\(error)); drop the photo in again to remake its outputs")
            }
            let digest = Digest(of: bytes)
            guard digest.sha256Hex == output.sha256 else {
                throw DeployError(.photo, "\(output.path) changed after it was written; drop the photo in again to remake its outputs")
            }
            let contentType = OutputFormat(rawValue: output.format)?.mimeType ?? "application/octet-stream"
            let cacheControl = destination.cacheControl(forVariant: output.variant)
            let uploaded = try await uploader.upload(key: key, bytes: bytes, digest: digest, contentType: contentType,
                                                     cacheControl: cacheControl)
            let object = DeployedObject(
                destination: destination.destination, key: key, album: destination.album, photoID: candidate.photoID,
                path: output.path, sha256: output.sha256, md5: digest.md5Hex, etag: uploaded.etag, bytes: Int64(bytes.count),
                parts: uploaded.parts, contentType: contentType, cacheControl: cacheControl, url: destination.url(forKey: key),
                deployed: Timestamp.string())
            try catalog.recordDeployed(object)
            uploadObserver?(object)
            let action = DeployAction(key: key, bytes: Int64(bytes.count), reason: existing == nil ? .new : .changed)
            report.uploaded.append(action)
            sent.uploaded += 1
            sent.bytes += action.bytes
            if existing != nil { sent.overwritten.append(key) }
        }
        return sent
    }

    /// `--dry-run`: what a deploy would send, from the catalog alone (no request, no credentials).
    func plan(_ report: inout AlbumDeployReport, destination: AlbumDestination, settings: AlbumSettings) {
        let album = destination.album
        do {
            var photoIDs = Set(try catalog.deployCandidates(album: album, ignoringBackoff: true, includingFailed: true).map(\.photoID))
            // Done photos with no deploy state yet, and deployed ones whose outputs changed since
            // (a restyle), would be made pending first.
            let states = try catalog.deployStates(album: album)
            photoIDs.formUnion(try catalog.photos(album: album, status: .done).map(\.id).filter { states[$0] == nil })
            photoIDs.formUnion(try catalog.deployedPhotosWithChangedOutputs(album: album, destination: destination.destination))
            var overwritten: [String] = []
            for id in photoIDs.sorted() {
                for output in try catalog.outputs(photoID: id) {
                    let key = destination.key(for: output)
                    let existing = try catalog.deployedObject(destination: destination.destination, key: key)
                    if existing?.sha256 == output.sha256 { report.unchanged += 1; continue }
                    report.uploaded.append(DeployAction(key: key, bytes: output.bytes, reason: existing == nil ? .new : .changed))
                    if existing != nil { overwritten.append(key) }
                }
            }
            let manifestSent = try catalog.deployedObject(destination: destination.destination, key: destination.manifestKey)
            let current = try manifests.manifest(album: album, settings: settings, publicOnly: true).json()
            if !report.uploaded.isEmpty || manifestSent?.sha256 != Digest.sha256Hex(current) {
                report.manifest = .wouldUpload(key: destination.manifestKey)
                if manifestSent != nil { overwritten.append(destination.manifestKey) }
            }
            if settings.deploy.cloudFront.distributionID != nil {
                let paths = overwritten.map { cdnPath(forKey: $0, settings: settings.deploy) }
                if !paths.isEmpty { report.invalidation = .wouldSend(paths: paths) }
            }
        } catch {
            report.albumError = DeployError(.transient, "the catalog could not be read", detail: "\(error)")
        }
    }

    /// The path a viewer asks the CDN for: the key (URL-encoded) under `public_url`'s own path.
    func cdnPath(forKey key: String, settings: DeploySettings) -> String {
        var base = ""
        if let url = settings.publicURL, let schemeEnd = url.range(of: "://") {
            let rest = url[schemeEnd.upperBound...]
            if let slash = rest.firstIndex(of: "/") { base = String(rest[slash...]) }
        }
        return base + "/" + S3Client.encodePath(key)
    }
}
