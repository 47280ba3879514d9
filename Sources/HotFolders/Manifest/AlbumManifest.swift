import Foundation

/// `outbox/<Album>/manifest.json`: what an album publishes, for a web page to build its
/// galleries from. Per photo its name, place and capture time (UTC), and every output with its
/// file, object key, size, digests, URL once deployed and status; per album the counts and
/// `updated`. Built from the catalog alone, so it can always be written again.
///
/// The copy put on the store lists only the photos whose every output is verified there, so
/// every URL in it works; the local one lists every photo with each output's status.
struct AlbumManifest: Sendable, Equatable {
    struct Photo: Sendable, Equatable {
        /// The original's path in the album ("IMG_1.jpg", "day 2/IMG_7.jpg").
        var name: String
        var place: String?
        /// UTC with a Z, when the metadata rule could tell.
        var captured: String?
        var status: String
        var outputs: [Output]
    }

    struct Output: Sendable, Equatable {
        var variant: String
        /// Relative to the manifest's folder ("512/IMG_1.webp").
        var file: String
        /// The object key on the store; nil for an album that does not deploy.
        var key: String?
        var format: String
        var width: Int
        var height: Int
        var bytes: Int64
        var md5: String?
        var sha256: String
        /// Set once the object is verified on the store.
        var url: String?
        /// "deployed", "pending", "failed", or "local" (the album does not deploy).
        var status: String
    }

    var album: String
    /// The latest change it reflects (not when it was written), so an unchanged album gives
    /// the same bytes and its manifest is not uploaded again.
    var updated: String
    /// `s3://bucket/albums/Trip/`, for an album that deploys.
    var target: String?
    var photos: [Photo]

    /// Counts by photo status, and outputs in all.
    var counts: [(String, Int)] {
        let statuses = photos.map(\.status)
        return [("photos", photos.count), ("outputs", photos.reduce(0) { $0 + $1.outputs.count }),
                ("deployed", statuses.filter { $0 == "deployed" }.count),
                ("pending", statuses.filter { $0 == "pending" }.count),
                ("failed", statuses.filter { $0 == "failed" }.count)]
    }

    /// JSON with its keys in a fixed order and one photo per line: the same content always gives
    /// the same bytes, and a diff of two versions reads photo by photo.
    func json() -> [UInt8] {
        var out = "{\"album\":\(JSON.string(album)),\"updated\":\(JSON.string(updated)),\"target\":\(JSON.optional(target)),"
        out += "\"counts\":{" + counts.map { "\(JSON.string($0.0)):\($0.1)" }.joined(separator: ",") + "},"
        out += "\"photos\":["
        for (index, photo) in photos.enumerated() {
            out += index == 0 ? "\n" : ",\n"
            out += "{\"name\":\(JSON.string(photo.name)),\"place\":\(JSON.optional(photo.place)),"
            out += "\"captured\":\(JSON.optional(photo.captured)),\"status\":\(JSON.string(photo.status)),\"outputs\":["
            out += photo.outputs.map { output in
                "{\"variant\":\(JSON.string(output.variant)),\"file\":\(JSON.string(output.file)),\"key\":\(JSON.optional(output.key)),"
                    + "\"format\":\(JSON.string(output.format)),\"width\":\(output.width),\"height\":\(output.height),"
                    + "\"bytes\":\(output.bytes),\"md5\":\(JSON.optional(output.md5)),\"sha256\":\(JSON.string(output.sha256)),"
                    + "\"url\":\(JSON.optional(output.url)),\"status\":\(JSON.string(output.status))}"
            }.joined(separator: ",")
            out += "]}"
        }
        out += photos.isEmpty ? "]}\n" : "\n]}\n"
        return Array(out.utf8)
    }
}

/// JSON text for single values (RFC 8259 escaping; non-ASCII is written as UTF-8).
enum JSON {
    /// The event log's escaping, so the project writes JSON strings one way.
    static func string(_ text: String) -> String {
        var bytes: [UInt8] = []
        JSONLineWriter.append(quoted: text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func optional(_ text: String?) -> String { text.map(string) ?? "null" }
}
