import Foundation

/// A file that reached the pipeline: from the inbox (the agent, or `process` with no paths) or
/// named on the command line from elsewhere (read in place and left where it is).
public struct Arrival: Sendable, Equatable {
    public var url: URL
    public var album: String
    /// The path relative to the album folder ("IMG_1.jpg", "day 2/IMG_7.jpg").
    public var name: String
    /// Only inbox arrivals are archived, deleted or moved to failed/ afterwards.
    public var fromInbox: Bool

    public init(url: URL, album: String, name: String, fromInbox: Bool) {
        self.url = url
        self.album = album
        self.name = name
        self.fromInbox = fromInbox
    }
}
