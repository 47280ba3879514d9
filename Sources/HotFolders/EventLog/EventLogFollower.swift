import Foundation

/// `tail -f` for the event log: hands out lines as they are appended, and keeps going when the
/// log rotates (the path names a new file: the old one is read to its end first) or is
/// truncated (read again from the start).
public final class EventLogFollower {
    public let url: URL
    private var cursor: LogFileCursor?
    private var startAtEnd: Bool

    /// `startAtEnd`: skip what the live file holds now and hand out only what comes after.
    public init(url: URL, startAtEnd: Bool = false) {
        self.url = url
        self.startAtEnd = startAtEnd
    }

    /// The complete lines appended since the last call (the whole live file the first time,
    /// unless started at its end), without newlines.
    public func poll() throws -> [String] {
        var lines: [String] = []
        if cursor == nil {
            guard let opened = LogFileCursor(path: url.path) else { return [] }
            if startAtEnd { opened.seekToEnd() }
            startAtEnd = false
            cursor = opened
        }
        guard let current = cursor else { return [] }
        try current.readLines { lines.append($0) }

        if current.isCurrent == false {
            // Rotated: lines written before the rename are still in the old file, so read it
            // to its end, then carry on with the new file from its start.
            try current.readLines { lines.append($0) }
            if let rest = current.takeRest() { lines.append(rest) }
            // Rotated twice since the last look: the old file is now `.2`, and `.1` is one
            // never read.
            if let between = LogFileCursor(path: url.path + ".1"),
               between.device != current.device || between.inode != current.inode {
                try between.readLines { lines.append($0) }
                if let rest = between.takeRest() { lines.append(rest) }
            }
            cursor = LogFileCursor(path: url.path)
            try cursor?.readLines { lines.append($0) }
        } else if current.wasTruncated {
            current.rewind()
            try current.readLines { lines.append($0) }
        }
        return lines
    }

    /// Waits for the next lines, looking every `interval`. Throws `CancellationError` when the
    /// task is cancelled.
    public func next(every interval: Duration = .milliseconds(250)) async throws -> [String] {
        while true {
            let lines = try poll()
            if !lines.isEmpty { return lines }
            try await Task.sleep(for: interval)
        }
    }
}
