import Foundation
import Testing
@testable import HotFolders

/// `process`, `retry` and `show` print file names with control characters made visible, as
/// `status` and `log` do: an escape sequence in a name never reaches the terminal, and a
/// newline never splits the one line a photo gets.
@Suite struct PrintedNamesTests {
    /// Clears the screen when printed raw; the newline would make two lines of one photo.
    static let hostile = "a\u{1B}[2Jb\nc.jpg"
    static let shown = #"a\u{1b}[2Jb\nc.jpg"#
    /// Sets the terminal's title when printed raw.
    static let broken = "x\u{1B}]0;owned\u{07}.jpg"
    static let brokenShown = #"x\u{1b}]0;owned\u{7}.jpg"#

    func expectNoControlCharacters(_ text: String, _ command: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let controls = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
        #expect(controls.isEmpty, "\(command) printed \(controls.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }

    @Test func processRetryAndShowEscapeControlCharactersInNames() async throws {
        let ws = TestWorkspace("printed-names")
        try ws.configure("")
        let config = ws.dir.path("hotfolders.toml").path
        try ws.dropGenerated(album: "Trip", as: Self.hostile, width: 160, height: 120)
        let whole = try GeneratedImages.writeJPEG(try GeneratedImages.photoLike(width: 320, height: 240), to: ws.dir.path("whole.jpg"))
        let bytes = try Data(contentsOf: whole)
        try bytes.prefix(bytes.count / 2).write(to: ws.layout.inbox(album: "Trip").appendingPathComponent(Self.broken))

        let batch = try CommandLineTool.run(["process", "--config", config], logs: ws.dir.path("process"))
        #expect(batch.status == 1, "\(batch.err)")
        expectNoControlCharacters(batch.out + batch.err, "process")
        let lines = batch.out.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("processed  Trip/\(Self.shown) -> outbox/Trip/web/") }, "\(batch.out)")
        #expect(lines.contains { $0.hasPrefix("FAILED     Trip/\(Self.brokenShown) at ") }, "\(batch.out)")

        let retried = try CommandLineTool.run(["retry", "--config", config], logs: ws.dir.path("retry"))
        #expect(retried.status == 0, "\(retried.err)")
        expectNoControlCharacters(retried.out + retried.err, "retry")
        #expect(retried.out.hasPrefix("retried    Trip/\(Self.brokenShown) -> inbox/Trip/\(Self.brokenShown)\n"), "\(retried.out)")

        let archived = ws.layout.originals(album: "Trip").appendingPathComponent(Self.hostile)
        let shown = try CommandLineTool.run(["show", "--config", config, archived.path], logs: ws.dir.path("show"))
        #expect(shown.status == 0, "\(shown.err)")
        expectNoControlCharacters(shown.out + shown.err, "show")
        #expect(shown.out.hasPrefix("Trip/\(Self.shown)  (done, sha256 "), "\(shown.out)")
    }
}
