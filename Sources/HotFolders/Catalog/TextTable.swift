/// Columns of plain text padded to line up, a header row first: no box drawing, no colour, so
/// it reads the same on a terminal, in a pipe and in a mail from cron.
struct TextTable {
    private var rows: [[String]]
    private let rightAligned: [Bool]

    init(_ headers: [String], rightAligned: [Bool] = []) {
        rows = [headers]
        self.rightAligned = rightAligned
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    func rendered() -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        var text = ""
        for row in rows {
            var cells: [String] = []
            for (index, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                let right = index < rightAligned.count && rightAligned[index]
                // The last column is not padded on the right: no trailing blanks.
                cells.append(right ? padding + cell : (index == row.count - 1 ? cell : cell + padding))
            }
            text += cells.joined(separator: "  ") + "\n"
        }
        return text
    }
}
