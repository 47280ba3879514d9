import Crypto
import Foundation

/// The digests S3 works with: MD5 (Content-MD5, ETags) and SHA-256 (x-amz-content-sha256, and
/// how the catalog knows content), as lower-case hex, and MD5 as base64 for the header. Every
/// digest the project writes as hex goes through `hex`.
struct Digest: Sendable, Equatable {
    var md5: [UInt8]
    var sha256: [UInt8]

    init(of bytes: some DataProtocol) {
        md5 = Array(Insecure.MD5.hash(data: bytes))
        sha256 = Array(SHA256.hash(data: bytes))
    }

    var md5Hex: String { Digest.hex(md5) }
    var sha256Hex: String { Digest.hex(sha256) }
    var md5Base64: String { Data(md5).base64EncodedString() }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func sha256Hex(_ bytes: some DataProtocol) -> String { hex(SHA256.hash(data: bytes)) }

    /// The SHA-256 of an empty body, which GET, HEAD and DELETE sign.
    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The ETag S3 gives a multipart upload: the MD5 of the parts' MD5s, then `-` and the count.
    static func multipartETag(partMD5s: [[UInt8]]) -> String {
        hex(Insecure.MD5.hash(data: partMD5s.flatMap { $0 })) + "-\(partMD5s.count)"
    }
}
