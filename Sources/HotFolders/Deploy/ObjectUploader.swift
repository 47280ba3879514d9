/// Puts one object on the store and proves it arrived whole: a single PUT with Content-MD5 up
/// to the threshold, a multipart upload above it (each part with its own Content-MD5), every
/// request retried on transient failures, and the ETag the store returns checked against the
/// MD5 of what was sent (for multipart: the MD5 of the parts' MD5s and the part count).
struct ObjectUploader: Sendable {
    let client: S3Client
    let retry: RetryPolicy
    let multipartThreshold: Int
    let partSize: Int
    /// Hears every retry (for the event log).
    let onRetry: @Sendable (String, DeployError, Int, Duration) -> Void

    /// What the store confirmed.
    struct Uploaded: Sendable {
        var etag: String
        var parts: Int
    }

    func upload(key: String, bytes: [UInt8], digest: Digest, contentType: String, cacheControl: String) async throws(DeployError) -> Uploaded {
        let headers = [(name: "Content-Type", value: contentType), (name: "Cache-Control", value: cacheControl)]
        if bytes.count <= multipartThreshold {
            let etag = try await retry.run({ () throws(DeployError) -> String in
                try client.putObject(key: key, body: bytes, digest: digest, headers: headers)
            }, onRetry: { onRetry(key, $0, $1, $2) })
            guard etag.lowercased() == digest.md5Hex else {
                throw DeployError(.photo, "the store's ETag for \(key) is not the MD5 of what was sent, so the upload cannot be "
                    + "verified (is the bucket encrypted with KMS?)", detail: "ETag \(etag), MD5 \(digest.md5Hex)")
            }
            return Uploaded(etag: etag, parts: 1)
        }
        return try await uploadInParts(key: key, bytes: bytes, headers: headers)
    }

    private func uploadInParts(key: String, bytes: [UInt8], headers: [(name: String, value: String)]) async throws(DeployError) -> Uploaded {
        let uploadID = try await retry.run({ () throws(DeployError) -> String in
            try client.createMultipartUpload(key: key, headers: headers)
        }, onRetry: { onRetry(key, $0, $1, $2) })
        do throws(DeployError) {
            var etags: [String] = []
            var md5s: [[UInt8]] = []
            var start = 0
            while start < bytes.count {
                let part = Array(bytes[start..<min(bytes.count, start + partSize)])
                let digest = Digest(of: part)
                let number = etags.count + 1
                let etag = try await retry.run({ () throws(DeployError) -> String in
                    try client.uploadPart(key: key, uploadID: uploadID, number: number, body: part, digest: digest)
                }, onRetry: { onRetry(key, $0, $1, $2) })
                guard etag.lowercased() == digest.md5Hex else {
                    throw DeployError(.photo, "the store's ETag for part \(number) of \(key) is not the MD5 of what was sent",
                                      detail: "ETag \(etag), MD5 \(digest.md5Hex)")
                }
                etags.append(etag)
                md5s.append(digest.md5)
                start += partSize
            }
            let finalETags = etags
            let etag = try await retry.run({ () throws(DeployError) -> String in
                try client.completeMultipartUpload(key: key, uploadID: uploadID, partETags: finalETags)
            }, onRetry: { onRetry(key, $0, $1, $2) })
            let expected = Digest.multipartETag(partMD5s: md5s)
            guard etag.lowercased() == expected else {
                throw DeployError(.photo, "the store's ETag for \(key) does not match its parts", detail: "ETag \(etag), expected \(expected)")
            }
            return Uploaded(etag: etag, parts: etags.count)
        } catch {
            client.abortMultipartUpload(key: key, uploadID: uploadID)
            throw error
        }
    }
}
