import Foundation

/// One `[album."pattern"]` table: an exact album folder name or a glob (`*`, `?`, `[...]`), and
/// the settings it changes. Only the keys it sets are applied, so overrides compose.
public struct AlbumOverride: Sendable {
    public var pattern: String
    /// Applies this table's keys on top of already-merged settings.
    public var apply: @Sendable (inout AlbumSettings) -> Void

    public init(pattern: String, apply: @escaping @Sendable (inout AlbumSettings) -> Void) {
        self.pattern = pattern
        self.apply = apply
    }

    public var isGlob: Bool { pattern.contains(where: { "*?[".contains($0) }) }

    public func matches(_ album: String) -> Bool {
        fnmatch(pattern, album, 0) == 0
    }

    public func apply(to settings: inout AlbumSettings) { apply(&settings) }
}
