import Foundation
import Glibc
import HotFolders

/// Progress for `process`: on a terminal one line redrawn in place on stderr (with failures
/// printed above it as they happen); in a pipe or a log, one plain line per photo on stdout.
final class ProgressLine {
    private let terminal = isatty(STDERR_FILENO) != 0
    private var done = 0
    private var failed = 0
    private let started = Date()
    private var lastDraw = Date.distantPast

    func report(_ arrival: Arrival, _ outcome: PhotoOutcome) {
        done += 1
        if outcome.isFailure { failed += 1 }
        let file = arrival.album.isEmpty ? arrival.name : "\(arrival.album)/\(arrival.name)"
        let line: String? = switch outcome {
        case .processed(let outputs, _): "processed  \(file) -> \(outputs.joined(separator: ", "))"
        case .failed(let stage, let reason, let movedTo):
            "FAILED     \(file) at \(stage): \(reason)" + (movedTo.map { " (moved to \($0))" } ?? "")
        case .duplicate(let first): "duplicate  \(file) (same as \(first))"
        case .skipped(let reason): "skipped    \(file): \(reason)"
        case .unchanged: nil
        case .recovered(let original): "recovered  \(file)" + (original.map { " -> \($0)" } ?? "")
        case .incomplete: "waiting    \(file): still arriving"
        case .postponed(let stage, let reason): "WAITING    \(file) at \(stage): \(reason)"
        }
        if terminal {
            if outcome.isFailure || { if case .skipped = outcome { return true } else { return false } }(), let line {
                FileHandle.standardError.write(Data("\r\u{1B}[K\(line)\n".utf8))
            }
            // Redraw at most ~10 times a second: a burst of tiny photos must not flood the terminal.
            if Date().timeIntervalSince(lastDraw) > 0.1 { draw() }
        } else if let line {
            print(line)
        }
    }

    func finish() {
        if terminal { draw(); FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func draw() {
        lastDraw = Date()
        let rate = Double(done) / max(Date().timeIntervalSince(started), 0.001)
        let spinner = ["|", "/", "-", "\\"][done % 4]
        let text = String(format: "\r\u{1B}[K%@ %d photos, %d failed, %.1f/s", spinner, done, failed, rate)
        FileHandle.standardError.write(Data(text.utf8))
    }
}
