import Foundation
import Glibc

/// Moves inbox originals to where they belong once their fate is known: `originals/<Album>/`
/// after success, `failed/<Album>/` (with a `.error.json` beside) after failure. A move never
/// replaces a file already there (the newcomer gets `_1`, `_2`, ...), unless it holds the very
/// same bytes (then nothing is copied twice), and across file systems it is copy, fsync, verify
/// by SHA-256, and only then unlink. From an album the agent cannot delete from (a camera card,
/// a read-only share or mount, an immutable file) the original is copied and stays.
struct Originals: Sendable {
    let layout: Layout

    /// Where an original went.
    struct PutAway: Sendable {
        /// Relative to root: in originals/ or failed/, or the inbox itself when it stays there.
        var path: String?
        /// Why the original is also still in the inbox (the album is read-only), if it is.
        var leftInInbox: SystemError?
    }

    /// Moves an inbox original into `originals/<Album>/`.
    func archive(_ arrival: Arrival, sha256: String) throws -> PutAway {
        try move(arrival, under: "originals", sha256: sha256, beforeMove: nil)
    }

    /// Writes the error report, then moves the original beside it into `failed/<Album>/`.
    func moveToFailed(_ arrival: Arrival, sha256: String, report: FailureReport) throws -> PutAway {
        try move(arrival, under: "failed", sha256: sha256) { folder, name in
            try folder.writeDurably(name + ".error.json", bytes: Array(report.json()))
        }
    }

    /// Removes the original from the inbox (`after = "delete"`); where the album is read-only it
    /// stays, and the answer says why.
    func delete(_ arrival: Arrival) throws -> PutAway {
        let (folder, name) = try inboxFolder(of: arrival)
        do {
            try folder.remove(name)
            return PutAway(path: nil)
        } catch let error as SystemError where error.isRefusedChange {
            return PutAway(path: layout.relative(arrival.url), leftInInbox: error)
        }
    }

    private func inboxFolder(of arrival: Arrival) throws -> (Folder, String) {
        var parts = arrival.name.split(separator: "/").map(String.init)
        let name = parts.removeLast()
        let folder = try Folder.open(layout.inbox).folder([arrival.album] + parts, create: false)
        return (folder, name)
    }

    private func move(_ arrival: Arrival, under top: String, sha256: String,
                      beforeMove: ((Folder, String) throws -> Void)?) throws -> PutAway {
        let (source, name) = try inboxFolder(of: arrival)
        var parts = arrival.name.split(separator: "/").map(String.init)
        parts.removeLast()
        let destination = try Folder.open(layout.root).folder([top, arrival.album] + parts, create: true)
        let relocation = try source.relocate(name, to: destination, expectedSHA256: sha256) { target in
            try beforeMove?(destination, target)
        }
        return PutAway(path: ([top, arrival.album] + parts + [relocation.name]).joined(separator: "/"),
                       leftInInbox: relocation.sourceLeft)
    }
}
