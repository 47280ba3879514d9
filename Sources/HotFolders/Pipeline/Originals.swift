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
        let target = try source.relocate(name, to: destination, expectedSHA256: sha256) { target in
            try beforeMove?(destination, target)
        }
        return ([top, arrival.album] + parts + [target]).joined(separator: "/")
    }
}
