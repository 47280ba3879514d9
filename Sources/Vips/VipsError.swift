import CVips

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

    /// Reads and clears libvips's error buffer, in one step under libvips's own lock (a read
    /// then a clear could drop a line another thread added in between). The buffer is one per
    /// process and shared by every thread, so this is called right after the failing call;
    /// under load it may also hold a line from another photo failing at the same moment.
    static func take(operation: String) -> VipsError {
        var text = ""
        if let copy = vips_error_buffer_copy() {
            text = String(cString: copy)
            g_free(copy)
        }
        // Decoders repeat themselves ("Corrupt JPEG data" once per tile): keep each line once.
        var seen = Set<Substring>()
        text = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: " \t") }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
            .joined(separator: "; ")
        return VipsError(operation: operation, message: text.isEmpty ? "libvips reported a failure without a message" : text)
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var s = self
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return s
    }
}
