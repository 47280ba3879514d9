import Foundation
import Glibc
import HotFolders

/// Progress for `process`: on a terminal one line redrawn in place on stderr (with failures
/// printed above it as they happen); in a pipe or a log, one plain line per photo on stdout.
/// Names are printed with control characters made visible, so a file name can neither split a
/// photo's line nor send an escape sequence to the terminal.
final class ProgressLine {
    private let terminal = isatty(STDERR_FILENO) != 0
    /// Where a processed photo's failed styles are looked up (they fail alone: the photo is done).
    private let catalog: Catalog
    private var done = 0
    private var failed = 0
    /// Styles that failed on photos that were otherwise processed.
    private(set) var stylesFailed = 0
    private let started = Date()
    private var lastDraw = Date.distantPast

    init(catalog: Catalog) { self.catalog = catalog }

    func report(_ arrival: Arrival, _ outcome: PhotoOutcome) {
        done += 1
        if outcome.isFailure { failed += 1 }
        let file = arrival.album.isEmpty ? arrival.name : "\(arrival.album)/\(arrival.name)"
        var failedStyles: [StyleResultRecord] = []
        if case .processed(let outputs, _) = outcome { failedStyles = styleFailures(outputs) }
        let styleNotes = failedStyles.map { "; style \"\($0.style)\" FAILED: \($0.error ?? "no reason recorded")" }.joined()
        let line: String? = switch outcome {
        case .processed(let outputs, _): "processed  \(file) -> \(outputs.joined(separator: ", "))" + styleNotes
        case .failed(let stage, let reason, let movedTo):
            "FAILED     \(file) at \(stage): \(reason)" + (movedTo.map { " (moved to \($0))" } ?? "")
        case .duplicate(let first): "duplicate  \(file) (same as \(first))"
        case .skipped(let reason): "skipped    \(file): \(reason)"
        case .unchanged: nil
        case .recovered(let original): "recovered  \(file)" + (original.map { " -> \($0)" } ?? "")
        case .incomplete: "waiting    \(file): still arriving"
        case .postponed(let stage, let reason): "WAITING    \(file) at \(stage): \(reason)"
        }
        stylesFailed += failedStyles.count
        let shown = line.map(EventFormatter.visible)
        if terminal {
            let worthSaying = outcome.isFailure || !failedStyles.isEmpty || { if case .skipped = outcome { true } else { false } }()
            if worthSaying, let shown {
                FileHandle.standardError.write(Data("\r\u{1B}[K\(shown)\n".utf8))
            }
            // Redraw at most ~10 times a second: a burst of tiny photos must not flood the terminal.
            if Date().timeIntervalSince(lastDraw) > 0.1 { draw() }
        } else if let shown {
            print(shown)
        }
    }

    func finish() {
        if terminal { draw(); FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// The styles that failed for the photo that owns these outputs, as the catalog recorded them.
    private func styleFailures(_ outputs: [String]) -> [StyleResultRecord] {
        guard let path = outputs.first, let photo = try? catalog.photo(outputPath: path),
              let results = try? catalog.styleResults(photoID: photo.id) else { return [] }
        return results.filter { $0.status == .failed }
    }

    private func draw() {
        lastDraw = Date()
        let rate = Double(done) / max(Date().timeIntervalSince(started), 0.001)
        let spinner = ["|", "/", "-", "\\"][done % 4]
        let styles = stylesFailed > 0 ? ", \(stylesFailed) style\(stylesFailed == 1 ? "" : "s") failed" : ""
        let text = String(format: "\r\u{1B}[K%@ %d photos, %d failed%@, %.1f/s", spinner, done, failed, styles, rate)
        FileHandle.standardError.write(Data(text.utf8))
    }
}
