/// Which events `hotfolders log` shows: one album, and a minimum level.
public struct EventFilter: Sendable, Equatable {
    public var album: String?
    public var minimumLevel: Event.Level

    public init(album: String? = nil, minimumLevel: Event.Level = .debug) {
        self.album = album
        self.minimumLevel = minimumLevel
    }

    /// True when nothing is filtered out, so raw lines (even ones that are not events) may pass.
    public var passesEverything: Bool { album == nil && minimumLevel == .debug }

    public func matches(_ event: Event) -> Bool {
        if let album, event.album != album { return false }
        return event.level >= minimumLevel
    }
}
