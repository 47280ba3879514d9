import Foundation

/// A fresh folder under the system temp dir for one test, removed when the value is dropped.
final class TemporaryDirectory: @unchecked Sendable {
    let url: URL

    init(_ label: String = "test") {
        let base = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
        url = base.appendingPathComponent("hotfolders-\(label)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ components: String...) -> URL {
        components.reduce(url) { $0.appendingPathComponent($1) }
    }

    /// Creates the folder (and parents) and returns it.
    @discardableResult
    func folder(_ components: String...) -> URL {
        let dir = components.reduce(url) { $0.appendingPathComponent($1, isDirectory: true) }
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
