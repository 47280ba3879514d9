import CVips
import Foundation

/// Keeps each libvips failure to its own messages. libvips has one error buffer for the whole
/// process: every thread appends to it (the worker threads that decode, the loaders that note
/// a problem and then succeed, such as a HEIF "bad seek" they recover from), and nothing clears
/// it when a new photo starts. Read as it stands at a failure, it quotes other photos, with
/// their paths. So every operation starts by moving what the buffer holds into numbered lines
/// here; a failed operation is given only the lines that arrived while it ran, and of those
/// none that names a file other than its own. Clearing the buffer instead would wipe the
/// message another worker is about to read.
///
/// Two photos failing at the same moment can still share a line that names no file ("VipsJpeg:
/// Premature end of JPEG file"): libvips does not say which thread wrote it.
enum VipsErrorLog {
    /// One operation in flight: where its lines begin, and the file its image was read from.
    struct Call {
        let start: UInt64
        let source: String?
    }

    /// Runs `body` (one libvips call, true when it succeeded) and turns a failure into a
    /// `VipsError` carrying the lines libvips wrote while it ran. libvips must be started.
    static func attempt(_ operation: String, source: String?, _ body: () -> Bool) throws {
        let call = begin(source: source)
        defer { end(call) }
        if !body() { throw failure(of: call, operation: operation) }
    }

    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var lines: [(number: UInt64, text: String)] = []
        var next: UInt64 = 0
        /// Start numbers of the operations in flight, with how many began there.
        var open: [UInt64: Int] = [:]

        /// Moves the buffer's lines in here (libvips reads and clears it under its own lock).
        func drain() {
            guard let copy = vips_error_buffer_copy() else { return }
            let text = String(cString: copy)
            hf_g_free(copy)
            for line in text.split(whereSeparator: \.isNewline) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { continue }
                lines.append((next, trimmed))
                next += 1
            }
        }
    }

    private static let state = State()

    static func begin(source: String?) -> Call {
        state.lock.lock()
        defer { state.lock.unlock() }
        state.drain()
        let call = Call(start: state.next, source: source)
        state.open[call.start, default: 0] += 1
        return call
    }

    /// Forgets the lines no operation in flight can claim.
    static func end(_ call: Call) {
        state.lock.lock()
        defer { state.lock.unlock() }
        if let count = state.open[call.start], count > 1 {
            state.open[call.start] = count - 1
        } else {
            state.open[call.start] = nil
        }
        if let oldest = state.open.keys.min() {
            state.lines.removeAll { $0.number < oldest }
        } else {
            state.drain()
            state.lines.removeAll()
        }
    }

    static func failure(of call: Call, operation: String) -> VipsError {
        state.lock.lock()
        state.drain()
        let mine = state.lines.filter { $0.number >= call.start && !names(otherFileThan: call.source, $0.text) }
        state.lock.unlock()
        return VipsError(operation: operation, lines: mine.map(\.text))
    }

    /// Whether a line quotes a file path ("/a/b.heif: bad seek to 29216", `VipsForeignLoad:
    /// "/a/b.jpg" is not a known file format`) that is not `source`.
    static func names(otherFileThan source: String?, _ line: String) -> Bool {
        if let source, line.contains(source) { return false }
        return line.hasPrefix("/") || line.contains("\"/")
    }
}
