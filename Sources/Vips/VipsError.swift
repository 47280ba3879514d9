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

    /// What libvips's error buffer holds now, read and cleared in one step: for `vips_init`,
    /// which no other operation runs beside.
    static func take(operation: String) -> VipsError {
        VipsError(operation: operation, lines: VipsErrorLog.bufferLines())
    }
}
