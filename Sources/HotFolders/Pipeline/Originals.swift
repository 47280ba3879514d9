import Foundation
import Glibc

/// Moves inbox originals to where they belong once their fate is known: `originals/<Album>/`
/// after success, `failed/<Album>/` (with a `.error.json` beside) after failure. A move never
/// replaces a file already there (the newcomer gets `_1`, `_2`, ...), and across file systems
/// it is copy, fsync, verify by SHA-256, and only then unlink.
struct Originals: Sendable {
    let layout: Layout

    /// Moves an inbox original into `originals/<Album>/`, returning its new path relative to root.
    func archive(_ arrival: Arrival, sha256: String) throws -> String {
        try move(arrival, under: "originals", sha256: sha256, beforeMove: nil)
    }

    /// Writes the error report, then moves the original beside it into `failed/<Album>/`.
    func moveToFailed(_ arrival: Arrival, sha256: String, report: FailureReport) throws -> String {
        try move(arrival, under: "failed", sha256: sha256) { folder, name in
            try folder.writeDurably(name + ".error.json", bytes: Array(report.json()))
        }
    }

    func delete(_ arrival: Arrival) throws {
        let (folder, name) = try inboxFolder(of: arrival)
        try folder.remove(name)
    }

    private func inboxFolder(of arrival: Arrival) throws -> (Folder, String) {
        var parts = arrival.name.split(separator: "/").map(String.init)
        let name = parts.removeLast()
        let folder = try Folder.open(layout.inbox).folder([arrival.album] + parts, create: false)
        return (folder, name)
    }

    private func move(_ arrival: Arrival, under top: String, sha256: String,
                      beforeMove: ((Folder, String) throws -> Void)?) throws -> String {
        let (source, name) = try inboxFolder(of: arrival)
        var parts = arrival.name.split(separator: "/").map(String.init)
        parts.removeLast()
        let destination = try Folder.open(layout.root, create: true).folder([top, arrival.album] + parts, create: true)
        let stem = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        for counter in 0..<10_000 {
            let target = counter == 0 ? name : (ext.isEmpty ? "\(stem)_\(counter)" : "\(stem)_\(counter).\(ext)")
            if destination.exists(target) { continue }
            try beforeMove?(destination, target)
            do {
                if try source.move(name, to: destination, as: target) == false {
                    try copyAcross(from: source, name, to: destination, as: target, sha256: sha256)
                }
            } catch let error as SystemError where error.code == EEXIST {
                continue  // another writer took the name between the check and the move
            }
            return ([top, arrival.album] + parts + [target]).joined(separator: "/")
        }
        throw SystemError("find a free name in", destination.path, code: EEXIST)
    }

    /// The cross-file-system move: the source is removed only once the copy is on disk and its
    /// SHA-256 matches the one taken at intake.
    private func copyAcross(from source: Folder, _ name: String, to destination: Folder, as target: String, sha256: String) throws {
        let input = try source.openForReading(name)
        defer { close(input) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if count < 0 { if errno == EINTR { continue }; throw SystemError("read", "\(source.path)/\(name)") }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        try destination.writeDurably(target, bytes: bytes)
        let copy = try Inspection.of(URL(fileURLWithPath: destination.path).appendingPathComponent(target))
        guard copy.sha256 == sha256 else {
            try? destination.remove(target)
            throw SystemError("verify the copy of", "\(source.path)/\(name)", code: EIO)
        }
        try source.remove(name)
    }
}
