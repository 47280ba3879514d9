import Foundation

extension Deployer {
    /// After the photos: the local manifest (now with URLs), the public manifest uploaded last
    /// when it changed, then the CloudFront invalidation of overwritten keys.
    func finish(_ report: inout AlbumDeployReport, destination: AlbumDestination, settings: AlbumSettings,
                uploader: ObjectUploader, credentials: AWSCredentials, changed: [String],
                previousManifest: DeployedObject?) async {
        let album = destination.album
        try? manifests.update(album: album, settings: settings, immediately: true)
        var changed = changed
        do {
            let manifest = try manifests.manifest(album: album, settings: settings, publicOnly: true)
            let bytes = manifest.json()
            let digest = Digest(of: bytes)
            if previousManifest == nil && manifest.photos.isEmpty {
                // Nothing of the album is on the store yet: no manifest to publish.
            } else if previousManifest?.sha256 == digest.sha256Hex {
                report.manifest = .unchanged
            } else {
                // After a pass cut short by an unreachable server, one try: the next pass sends it.
                var manifestUploader = uploader
                if report.interruption != nil { manifestUploader = ObjectUploader(
                    client: uploader.client, retry: RetryPolicy(retries: 0), multipartThreshold: uploader.multipartThreshold,
                    partSize: uploader.partSize, onRetry: uploader.onRetry) }
                let key = destination.manifestKey
                let contentType = "application/json; charset=utf-8"
                let cacheControl = settings.deploy.manifestCacheControl
                let sent = try await manifestUploader.upload(key: key, bytes: bytes, digest: digest, contentType: contentType,
                                                             cacheControl: cacheControl)
                try catalog.recordDeployed(DeployedObject(
                    destination: destination.destination, key: key, album: album, photoID: nil, path: nil,
                    sha256: digest.sha256Hex, md5: digest.md5Hex, etag: sent.etag, bytes: Int64(bytes.count), parts: sent.parts,
                    contentType: contentType, cacheControl: cacheControl, url: destination.url(forKey: key),
                    deployed: Timestamp.string()))
                report.manifest = .uploaded(key: key)
                if previousManifest != nil { changed.append(key) }
                events.record(Event(.manifestDeployed, album: album, fields: [
                    "key": key, "photos": "\(report.photosDeployed)", "bytes": "\(bytes.count)",
                ]))
            }
        } catch let error as DeployError {
            report.manifest = .notSent(reason: error.description)
            if !error.isTransient { report.albumError = error }
            events.record(Event(.deployFailed, level: error.isTransient ? .warning : .error, album: album, stage: "manifest",
                                reason: error.message, detail: error.detail))
        } catch {
            report.manifest = .notSent(reason: "\(error)")
        }
        await invalidate(&report, destination: destination, credentials: credentials, changed: changed)
    }

    /// Queues the changed paths and sends them all in one request when the album's window is
    /// over; otherwise they wait (the agent sends them once it is).
    func invalidate(_ report: inout AlbumDeployReport, destination: AlbumDestination, credentials: AWSCredentials,
                    changed: [String]) async {
        let album = destination.album
        let settings = destination.settings
        guard let distribution = settings.cloudFront.distributionID else { return }
        do {
            try catalog.queueInvalidation(distribution: distribution, album: album,
                                          paths: changed.map { cdnPath(forKey: $0, settings: settings) })
            let (waiting, lastSent) = try catalog.invalidationState(distribution: distribution, album: album)
            guard !waiting.isEmpty else { return }
            let window = settings.cloudFront.window / .seconds(1)
            if let lastSent, Date().timeIntervalSince(lastSent) < window {
                report.invalidation = .waiting(paths: waiting, until: Timestamp.string(lastSent + window))
                return
            }
            // Too many single paths for one request: the album's whole folder instead.
            let paths = waiting.count > CloudFrontClient.maxPaths
                ? [cdnPath(forKey: String(destination.manifestKey.dropLast(ManifestWriter.fileName.count)), settings: settings) + "*"]
                : waiting
            let client = CloudFrontClient(endpoint: settings.cloudFront.endpoint, credentials: credentials)
            let reference = "hotfolders-\(Digest.sha256Hex(Array((album + "\n" + paths.joined(separator: "\n")).utf8)).prefix(16))-"
                + "\(Int(Date().timeIntervalSince1970))"
            let id = try await RetryPolicy(retries: settings.retries, base: retryBase).run { () throws(DeployError) -> String in
                try client.invalidate(distribution: distribution, paths: paths, reference: reference)
            }
            try catalog.recordInvalidation(distribution: distribution, album: album, paths: waiting, id: id, sent: Date())
            report.invalidation = .sent(id: id, paths: paths)
            events.record(Event(.invalidated, album: album, fields: ["distribution": distribution, "id": id, "paths": "\(paths.count)"]))
        } catch let error as DeployError {
            report.invalidation = .failed(error)
            events.record(Event(.invalidationFailed, level: error.isTransient ? .warning : .error, album: album,
                                reason: error.message, detail: error.detail))
        } catch {
            report.invalidation = .failed(DeployError(.transient, "the catalog could not record the invalidation", detail: "\(error)"))
        }
    }
}
