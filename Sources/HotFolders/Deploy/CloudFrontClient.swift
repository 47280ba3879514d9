import Curl
import Foundation

/// CloudFront's CreateInvalidation, signed like the S3 requests (libcurl's SigV4, service
/// `cloudfront`, which is global and signs in us-east-1).
struct CloudFrontClient: Sendable {
    /// `https://cloudfront.amazonaws.com`, or a stand-in's URL.
    let endpoint: String
    let credentials: AWSCredentials
    let http = CurlClient()

    /// CloudFront takes at most 3000 paths in one request.
    static let maxPaths = 3000

    /// Asks the distribution to drop `paths` from its caches; returns the invalidation's ID.
    /// The same `reference` sent again (a retry) names the same invalidation, not a new one.
    func invalidate(distribution: String, paths: [String], reference: String) throws(DeployError) -> String {
        let items = paths.map { "<Path>\(XMLText.escaped($0))</Path>" }.joined()
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">\
            <Paths><Quantity>\(paths.count)</Quantity><Items>\(items)</Items></Paths>\
            <CallerReference>\(XMLText.escaped(reference))</CallerReference></InvalidationBatch>
            """
        let body = Array(xml.utf8)
        var headers: [(name: String, value: String)] = [("Content-Type", "text/xml"), ("x-amz-content-sha256", Digest.sha256Hex(body))]
        if let token = credentials.sessionToken { headers.append(("x-amz-security-token", token)) }
        var request = HTTPRequest(
            method: "POST", url: "\(endpoint)/2020-05-31/distribution/\(S3Client.encodeComponent(distribution))/invalidation",
            headers: headers, body: body, timeoutSeconds: 60, userAgent: "hotfolders",
            signing: AWSSigning(accessKey: credentials.accessKeyID, secretKey: credentials.secretAccessKey,
                                region: "us-east-1", service: "cloudfront"))
        request.isCancelled = { Task.isCancelled }
        let response: HTTPResponse
        do {
            response = try http.perform(request)
        } catch let error as CurlError {
            throw DeployError(error.isTransient || error.wasAborted ? .transient : .album, "CloudFront (\(endpoint)) did not answer",
                              detail: error.message)
        } catch {
            throw DeployError(.transient, "CloudFront did not answer", detail: "\(error)")
        }
        let code = XMLText.first("Code", in: response.text) ?? ""
        let detail = "\(response.status) \(code)"
        switch (response.status, code) {
        case (200..<300, _):
            guard let id = XMLText.first("Id", in: response.text), !id.isEmpty else {
                throw DeployError(.transient, "CloudFront accepted the invalidation without an ID", detail: detail)
            }
            return id
        case (500..., _), (429, _), (_, "Throttling"), (_, "TooManyInvalidationsInProgress"), (_, "ServiceUnavailable"):
            throw DeployError(.transient, "CloudFront is busy; the paths wait for the next try", detail: detail)
        case (404, _):
            throw DeployError(.album, "CloudFront distribution \(distribution) does not exist: fix deploy.cloudfront.distribution_id",
                              detail: detail)
        case (403, "SignatureDoesNotMatch"), (403, "InvalidClientTokenId"):
            throw DeployError(.album, "CloudFront rejected \(credentials): fix the key pair", detail: detail)
        case (403, _):
            throw DeployError(.album, "\(credentials) may not invalidate distribution \(distribution): grant it "
                + "cloudfront:CreateInvalidation", detail: detail)
        default:
            throw DeployError(.album, "CloudFront refused the invalidation", detail: detail)
        }
    }
}
