import Glibc

/// File and folder names the agent never treats as photos: hidden files and the temporary
/// names that copy tools, browsers, sync clients and NAS boxes leave while a file is still
/// arriving (`*.part`, `*.crdownload`, `._*` AppleDouble, Synology `@eaDir`, ...).
public struct IgnoredNames: Sendable, Equatable {
    public var patterns: [String]

    /// Service folders of NAS boxes, file systems and desktops (Synology `@eaDir` thumbnails and
    /// `#recycle`/`#snapshot`, QNAP `.@__thumb`, Windows `$RECYCLE.BIN` and `System Volume
    /// Information`, freedesktop `.Trash-1000`, ext4 `lost+found`) are never albums: their
    /// thumbnails would be processed as photos.
    public static let defaultPatterns = [
        ".*", "*.part", "*.crdownload", "*.tmp", "~*", "._*", ".sync*",
        "@eaDir", "#recycle", "#snapshot", ".@__thumb", ".Trash-*", "$RECYCLE.BIN", "System Volume Information", "lost+found",
    ]

    public init(patterns: [String] = IgnoredNames.defaultPatterns) {
        self.patterns = patterns
    }

    public func ignores(_ name: String) -> Bool {
        patterns.contains { fnmatch($0, name, 0) == 0 }
    }
}
