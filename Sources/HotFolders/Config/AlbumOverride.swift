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

    /// Why `pattern` is not the glob it looks like, or nil. fnmatch takes a `[` that is never
    /// closed as a literal character, so `"[a-"` would quietly match no folder at all.
    static func globProblem(in pattern: String) -> String? {
        let characters = Array(pattern)
        var index = 0
        while index < characters.count {
            switch characters[index] {
            case "\\":
                index += 2
            case "[":
                var end = index + 1
                if end < characters.count, characters[end] == "!" || characters[end] == "^" { end += 1 }
                // A "]" first in the set is one of its characters, not its end.
                if end < characters.count, characters[end] == "]" { end += 1 }
                while end < characters.count, characters[end] != "]" { end += 1 }
                guard end < characters.count else {
                    return "an unclosed \"[\" at character \(index + 1) of the glob \(TOMLReader.quoted(pattern)); "
                        + "close the set (\"[a-z]*\") or write \"[[]\" for a literal \"[\""
                }
                index = end + 1
            default:
                index += 1
            }
        }
        return nil
    }
}
