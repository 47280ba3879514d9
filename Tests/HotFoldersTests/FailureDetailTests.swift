import Foundation
import Testing
import Vips
@testable import HotFolders

/// A failed photo's report quotes libvips's words for that photo only. libvips keeps one error
/// buffer for the whole process, which loaders also write to when they recover (a HEIF "bad
/// seek"), so without care one photo's `.error.json` named another photo's file.
@Suite(.enabled(if: Corpus.available, Corpus.skipMessage))
struct FailureDetailTests {
    @Test func aFailureDoesNotQuoteWhatAnEarlierPhotoLeftInLibvipsBuffer() throws {
        let heif = Corpus.file("formats", "samplefilehub.heif")
        // Read whole, as a photo is: its loader notes a "bad seek" it recovers from.
        _ = try VipsImage.thumbnail(path: heif.path, width: 512, height: 512).inMemory()

        let failure = #expect(throws: VipsError.self) {
            try VipsImage.thumbnail(path: Corpus.file("odd", "beach.jpg").path, width: 512, height: 512).inMemory()
        }
        #expect(failure?.message.contains("DNL") == true, "\(failure?.message ?? "")")
        #expect(failure?.message.contains("samplefilehub") == false, "\(failure?.message ?? "")")
    }

    @Test(arguments: [1, 2])
    func eachErrorReportNamesOnlyItsOwnPhoto(workers: Int) async throws {
        let ws = TestWorkspace("detail-\(workers)", workers: workers)
        let files = Corpus.files(in: "odd") + Corpus.files(in: "formats")
        for file in files { try ws.drop(file, album: "Formats") }

        let (summary, outcomes) = try await ws.process()

        #expect(summary.failed >= 4)
        let names = files.map(\.lastPathComponent)
        let folder = ws.layout.failed(album: "Formats")
        var details: [String: String] = [:]
        for (arrival, outcome) in outcomes where outcome.isFailure {
            let report = folder.appendingPathComponent(arrival.name + ".error.json")
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
            guard let detail = json?["detail"] as? String else { continue }
            details[arrival.name] = detail
            let others = names.filter { $0 != arrival.name && detail.contains($0) }
            #expect(others.isEmpty, "\(arrival.name)'s report quotes \(others): \(detail)")
            #expect(!detail.contains("\n"), "\(arrival.name): \(detail)")
        }
        #expect(details["beach.jpg"]?.contains("DNL") == true, "\(details)")
        #expect(details["corrupted.jpg"]?.contains("Corrupt JPEG data") == true, "\(details)")
        // The event log says the same, one line per event.
        for event in ws.events("failed") {
            guard let file = event["file"] as? String, let detail = event["detail"] as? String else { continue }
            #expect(names.filter { $0 != file && detail.contains($0) }.isEmpty, "\(file): \(detail)")
        }
    }

    @Test func aLibraryMessageOverSeveralLinesIsOneLineInTheReport() {
        let error = RuleError("the photo could not be decoded", detail: "first problem\nsecond problem\n")
        #expect(error.detail == "first problem; second problem")
        let event = Event(.failed, level: .error, album: "A", file: "a.jpg", reason: "x", detail: "message\n")
        #expect(!EventFormatter().format(event).contains("\\n"))
    }
}
