import Foundation

/// The four sibling folders under `root` and where each photo's files go in them:
/// `inbox/<Album>/` in, `outbox/<Album>/<variant>/` out, `originals/<Album>/` after success,
/// `failed/<Album>/` (with `<name>.error.json`) after failure.
public struct Layout: Sendable, Equatable {
    public let root: URL

    public init(root: URL) { self.root = root.standardizedFileURL }

    public var inbox: URL { root.appendingPathComponent("inbox", isDirectory: true) }
    public var outbox: URL { root.appendingPathComponent("outbox", isDirectory: true) }
    public var originals: URL { root.appendingPathComponent("originals", isDirectory: true) }
    public var failed: URL { root.appendingPathComponent("failed", isDirectory: true) }

    public func inbox(album: String) -> URL { inbox.appendingPathComponent(album, isDirectory: true) }
    public func outbox(album: String) -> URL { outbox.appendingPathComponent(album, isDirectory: true) }
    public func outbox(album: String, variant: String) -> URL {
        outbox(album: album).appendingPathComponent(variant, isDirectory: true)
    }
    public func originals(album: String) -> URL { originals.appendingPathComponent(album, isDirectory: true) }
    public func failed(album: String) -> URL { failed.appendingPathComponent(album, isDirectory: true) }

    /// A path under root written relative to it, as the catalog and the event log keep them
    /// (so a moved root keeps a valid catalog).
    public func relative(_ url: URL) -> String {
        let full = url.standardizedFileURL.path
        let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
        return full.hasPrefix(base) ? String(full.dropFirst(base.count)) : full
    }

    /// If `url` lies inside `inbox/<Album>/`, the album and the path within it.
    public func inboxPlace(of url: URL) -> (album: String, name: String)? {
        let inboxPath = inbox.path + "/"
        let path = url.standardizedFileURL.path
        guard path.hasPrefix(inboxPath) else { return nil }
        let rest = path.dropFirst(inboxPath.count).split(separator: "/", maxSplits: 1).map(String.init)
        guard rest.count == 2, !rest[1].isEmpty else { return nil }
        return (rest[0], rest[1])
    }
}
