import CVips
import Foundation

/// Keeps each libvips failure to its own messages. libvips has one error buffer for the whole
/// process: every thread appends to it (the worker threads that decode, the loaders that note
/// a problem and then succeed, such as a HEIF "bad seek" they recover from), and nothing clears
/// it when a new photo starts. Read as it stands at a failure, it quotes other photos, with
/// their paths. So every operation starts by moving what the buffer holds into numbered lines
/// here; a failed operation is given only the lines that arrived while it ran, and of those
/// none that names another recent operation's file. A line that names some other file (a font,
/// a profile) is kept: it is most likely this operation's own. Clearing the buffer instead would
/// wipe the message another worker is about to read.
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
        /// The files of the latest operations, whose lines another's failure must not quote.
        var sources: [String] = []
        static let sourcesKept = 64

        /// Moves the buffer's lines in here.
        func drain() {
            for line in VipsErrorLog.bufferLines() {
                lines.append((next, line))
                next += 1
            }
        }
    }

    private static let state = State()

    /// The lines libvips's error buffer holds, trimmed, the buffer read and cleared in one step
    /// under libvips's own lock.
    static func bufferLines() -> [String] {
        guard let copy = vips_error_buffer_copy() else { return [] }
        let text = String(cString: copy)
        hf_g_free(copy)
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func begin(source: String?) -> Call {
        state.lock.lock()
        defer { state.lock.unlock() }
        state.drain()
        let call = Call(start: state.next, source: source)
        state.open[call.start, default: 0] += 1
        if let source, state.sources.last != source {
            state.sources.append(source)
            if state.sources.count > State.sourcesKept { state.sources.removeFirst() }
        }
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
        let others = state.sources.filter { $0 != call.source }
        let mine = state.lines.filter { line in line.number >= call.start && !others.contains { line.text.contains($0) } }
        state.lock.unlock()
        return VipsError(operation: operation, lines: mine.map(\.text))
    }
}
