import Foundation

/// The facts the corpus README gives for each file (its tables: make, model, DateTimeOriginal,
/// OffsetTimeOriginal, Orientation, GPS), so tests compare what hotfolders reads with what
/// ExifTool read when the corpus was built.
struct CorpusFacts: Sendable {
    var folder: String
    var file: String
    var make: String?
    var model: String?
    /// As in the table ("2008:05:30 15:56:01"); nil for "–".
    var dateTimeOriginal: String?
    var offsetTimeOriginal: String?
    var orientation: Int?
    /// nil when the table has none or a placeholder (0,0; "GPS IFD, empty").
    var latitude: Double?
    var longitude: Double?
    /// The GPS column as written, for cases such as "0.000000, 0.000000 (0,0 placeholder)".
    var gpsText: String

    var url: URL { Corpus.file(folder, file) }

    /// Every row of every folder table in the README.
    static let all: [CorpusFacts] = {
        guard let root = Corpus.root,
              let text = try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8) else { return [] }
        var facts: [CorpusFacts] = []
        var folder: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("## `"), let name = line.split(separator: "`").dropFirst().first {
                folder = String(name).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                continue
            }
            guard let folder, line.hasPrefix("| `") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 8 else { continue }
            func value(_ cell: String) -> String? { cell == "–" || cell.isEmpty ? nil : cell }
            let gps = cells[6]
            var latitude: Double?, longitude: Double?
            let numbers = gps.split(separator: " ").first.map { _ in gps.components(separatedBy: ", ") } ?? []
            if numbers.count >= 2, !gps.contains("placeholder"), let lat = Double(numbers[0]),
               let lon = Double(numbers[1].split(separator: " ").first ?? "") {
                latitude = lat
                longitude = lon
            }
            facts.append(CorpusFacts(folder: folder, file: cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")),
                                     make: value(cells[1]), model: value(cells[2]), dateTimeOriginal: value(cells[3]),
                                     offsetTimeOriginal: value(cells[4]), orientation: value(cells[5]).flatMap { Int($0) },
                                     latitude: latitude, longitude: longitude, gpsText: gps))
        }
        return facts
    }()

    static func of(_ folder: String) -> [CorpusFacts] { all.filter { $0.folder == folder } }
    static func named(_ file: String) -> CorpusFacts? { all.first { $0.file == file } }
}
