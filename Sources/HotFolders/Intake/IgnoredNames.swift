import Glibc

/// File and folder names the agent never treats as photos: hidden files and the temporary
/// names that copy tools, browsers, sync clients and NAS boxes leave while a file is still
/// arriving (`*.part`, `*.crdownload`, `._*` AppleDouble, Synology `@eaDir`, ...).
public struct IgnoredNames: Sendable, Equatable {
    public var patterns: [String]

    public static let defaultPatterns = [
        ".*", "*.part", "*.crdownload", "*.tmp", "~*", "._*", "@eaDir", ".sync*", "#recycle",
    ]

    public init(patterns: [String] = IgnoredNames.defaultPatterns) {
        self.patterns = patterns
    }

    public func ignores(_ name: String) -> Bool {
        patterns.contains { fnmatch($0, name, 0) == 0 }
    }
}
