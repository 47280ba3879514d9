import Foundation

/// The `<name>.error.json` written beside a failed original: which stage, why in plain words,
/// the library's own message, and when.
struct FailureReport: Codable, Sendable {
    var file: String
    var album: String
    var stage: String
    var reason: String
    var detail: String?
    var time: String
    var sha256: String?

    func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data("{}".utf8)) + Data("\n".utf8)
    }
}
