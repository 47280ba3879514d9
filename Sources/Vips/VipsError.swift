import CVips
import Foundation

/// A libvips failure, carrying libvips's own words ("VipsJpeg: Premature end of JPEG file").
public struct VipsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The libvips call that failed ("thumbnail", "webpsave_buffer").
    public var operation: String
    /// libvips's error text, trimmed; never empty.
    public var message: String

    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(operation): \(message)" }

    /// libvips's lines made one message: each line once (decoders repeat themselves, "Corrupt
    /// JPEG data" once per tile), joined with "; ", so a log line stays one line.
    init(operation: String, lines: [String]) {
        var seen = Set<String>()
        let text = lines.filter { !$0.isEmpty && seen.insert($0).inserted }.joined(separator: "; ")
        self.init(operation: operation, message: text.isEmpty ? "libvips reported a failure without a message" : text)
    }

    /// Reads and clears libvips's error buffer: only for `vips_init`, before which the
    /// `VipsErrorLog` that every other call goes through cannot run (libvips's lock for its
    /// error buffer is made by `vips_init`).
    static func take(operation: String) -> VipsError {
        var text = ""
        if let copy = vips_error_buffer_copy() {
            text = String(cString: copy)
            g_free(copy)
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return VipsError(operation: operation, lines: lines)
    }
}
