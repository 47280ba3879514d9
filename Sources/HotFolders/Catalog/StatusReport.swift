import Foundation

/// What `hotfolders status` shows: per album, the files waiting in its inbox and the catalog's
/// counts by state, then the latest failures with their reasons.
public struct StatusReport: Sendable, Equatable {
    /// One album's line of the table.
    public struct Row: Sendable, Equatable {
        public var album: String
        /// Files in `inbox/<Album>/` not yet dealt with: every file there (ignored names such as
        /// dotfiles left out) minus the ones left there on purpose once done (`after = "keep"`)
        /// and the skipped.
        public var waiting: Int
        /// Files in the inbox the agent passes over for good: not a photo it reads.
        public var skipped: Int
        /// Of the waiting, those a worker has taken (or a crash left taken).
        public var processing: Int
        public var done: Int
        public var failed: Int
        public var duplicate: Int
        /// Style results that failed (their photos are done; `hotfolders restyle --failed` retries them).
        public var stylesFailed: Int
        /// Photos of an album that publishes: on the store, waiting to go (or retrying), and
        /// refused by it (`hotfolders deploy` says why and sends them again).
        public var deployed: Int
        public var deployPending: Int
        public var deployFailed: Int

        public init(album: String, waiting: Int = 0, skipped: Int = 0, processing: Int = 0, done: Int = 0, failed: Int = 0, duplicate: Int = 0,
                    stylesFailed: Int = 0, deployed: Int = 0, deployPending: Int = 0, deployFailed: Int = 0) {
            self.album = album
            self.waiting = waiting
            self.skipped = skipped
            self.processing = processing
            self.done = done
            self.failed = failed
            self.duplicate = duplicate
            self.stylesFailed = stylesFailed
            self.deployed = deployed
            self.deployPending = deployPending
            self.deployFailed = deployFailed
        }
    }

    public var rows: [Row]
    public var failures: [FailureSummary]
    /// The latest styles that failed, newest first.
    public var styleFailures: [StyleFailureSummary]

    /// Files and folders under `inbox/` (paths from there, display form, folders ending in "/")
    /// left alone because their name is not valid UTF-8: they wait until renamed.
    public var notUTF8: [String]

    public init(rows: [Row], failures: [FailureSummary], styleFailures: [StyleFailureSummary] = [], notUTF8: [String] = []) {
        self.rows = rows
        self.failures = failures
        self.styleFailures = styleFailures
        self.notUTF8 = notUTF8
    }

    /// Every album with a folder in the inbox or a row in the catalog (or only `album`), by name.
    /// Inbox folders are counted one directory entry at a time, never listed into memory.
    public static func gather(catalog: Catalog, layout: Layout, album: String? = nil, failureLimit: Int = 10,
                              ignoring ignored: IgnoredNames = IgnoredNames()) throws -> StatusReport {
        let summaries = Dictionary(uniqueKeysWithValues: try catalog.summary(album: album).map { ($0.album, $0) })
        var names = Set(summaries.keys)
        var notUTF8: [String] = []
        if let album {
            names.insert(album)
        } else {
            let folders = (try? AlbumFolders.list(in: layout.inbox, ignoring: ignored)) ?? AlbumFolders()
            names.formUnion(folders.names)
            notUTF8 = folders.notUTF8.map { $0 + "/" }
        }

        // Files the agent may not read count as failed, not waiting, while they stay as reported.
        let unreadable = try catalog.unreadableFiles(album: album).filter {
            UnreadableFile.signature(of: layout.inbox(album: $0.album).appendingPathComponent($0.name)) == $0.signature
        }
        names.formUnion(unreadable.map(\.album))

        let stylesFailed = try catalog.failedStyleCounts(album: album)
        let rows = names.sorted().map { name -> Row in
            let summary = summaries[name] ?? AlbumSummary(album: name)
            var files = 0
            var skipped = 0
            for entry in FolderWalk(layout.inbox(album: name), ignoring: ignored) {
                switch entry {
                case .file(let url, _): if isSkipped(url) { skipped += 1 } else { files += 1 }
                case .notUTF8(_, let relative, let isFolder): notUTF8.append(name + "/" + relative + (isFolder ? "/" : ""))
                case .link: break  // symlinks are never taken
                }
            }
            let deploy = (try? catalog.deployCounts(album: name)) ?? [:]
            let refused = unreadable.count { $0.album == name }
            return Row(album: name, waiting: max(0, files - summary.kept - refused), skipped: skipped, processing: summary[.processing],
                       done: summary[.done], failed: summary[.failed] + refused, duplicate: summary[.duplicate],
                       stylesFailed: stylesFailed[name] ?? 0, deployed: deploy[.deployed] ?? 0,
                       deployPending: deploy[.pending] ?? 0, deployFailed: deploy[.failed] ?? 0)
        }
        var failures = try catalog.latestFailures(limit: failureLimit, album: album)
        if !unreadable.isEmpty {
            failures = Array((failures + unreadable.map {
                FailureSummary(photoID: nil, album: $0.album, file: $0.name, stage: "intake", reason: $0.reason,
                               detail: $0.detail, time: $0.seen)
            }).sorted { $0.time > $1.time }.prefix(failureLimit))
        }
        return StatusReport(rows: rows, failures: failures,
                            styleFailures: try catalog.failedStyles(album: album, limit: failureLimit), notUTF8: notUTF8)
    }

    /// The names left alone because they are not valid UTF-8, the first ten and how many more.
    private var notUTF8Section: String {
        guard !notUTF8.isEmpty else { return "" }
        let shown = notUTF8.sorted().prefix(10).map { "  inbox/" + EventFormatter.visible($0) + "\n" }.joined()
        let more = notUTF8.count > 10 ? "  ... and \(notUTF8.count - 10) more\n" : ""
        return "\nNot taken: the name is not valid UTF-8; rename it (invalid bytes shown as \\xE9)\n" + shown + more
    }

    /// A file the pipeline skips for what it is, read from its first bytes as the pipeline does:
    /// not an image it reads. An empty file is still waiting (a copy may be under way).
    static func isSkipped(_ url: URL) -> Bool {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: ImageKind.sniffLength)
        let count = read(fd, &head, head.count)
        return count > 0 && ImageKind.sniff(head.prefix(count)) == nil
    }

    /// The report as aligned plain text, the same on a terminal and in a pipe.
    public func table(timeZone: TimeZone = .current) -> String {
        guard !rows.isEmpty else {
            return "No albums yet: photos dropped into inbox/<Album>/ show up here.\n" + notUTF8Section
        }
        // Styles and deploys get columns only where there are some: most albums have none.
        let styles = rows.contains { $0.stylesFailed > 0 }
        let deploys = rows.contains { $0.deployed + $0.deployPending + $0.deployFailed > 0 }
        let skips = rows.contains { $0.skipped > 0 }
        let headers = ["ALBUM", "WAITING", "DONE", "FAILED", "DUPLICATE"] + (skips ? ["SKIPPED"] : []) + (styles ? ["STYLES FAILED"] : [])
            + (deploys ? ["DEPLOYED", "TO DEPLOY", "DEPLOY FAILED"] : [])
        var albums = TextTable(headers, rightAligned: [false] + Array(repeating: true, count: headers.count - 1))
        for row in rows {
            albums.add([EventFormatter.visible(row.album), "\(row.waiting)", "\(row.done)", "\(row.failed)", "\(row.duplicate)"]
                       + (skips ? ["\(row.skipped)"] : [])
                       + (styles ? ["\(row.stylesFailed)"] : [])
                       + (deploys ? ["\(row.deployed)", "\(row.deployPending)", "\(row.deployFailed)"] : []))
        }
        if rows.count > 1 {
            func sum(_ value: (Row) -> Int) -> String { String(rows.map(value).reduce(0, +)) }
            albums.add(["total", sum(\.waiting), sum(\.done), sum(\.failed), sum(\.duplicate)] + (skips ? [sum(\.skipped)] : []) + (styles ? [sum(\.stylesFailed)] : [])
                       + (deploys ? [sum(\.deployed), sum(\.deployPending), sum(\.deployFailed)] : []))
        }
        var text = albums.rendered() + notUTF8Section
        let clock = EventFormatter(colour: false, timeZone: timeZone)
        if !styleFailures.isEmpty {
            var latest = TextTable(["WHEN", "ALBUM", "FILE", "STYLE", "SEED", "REASON"])
            for failure in styleFailures {
                latest.add([clock.localTime(failure.time), EventFormatter.visible(failure.album), EventFormatter.visible(failure.file),
                            EventFormatter.visible(failure.style), "\(failure.seed)", EventFormatter.visible(failure.reason)])
            }
            text += "\nLatest style failures (the photos' other results are written; `hotfolders restyle --failed` retries them)\n"
                + latest.rendered()
        }
        guard !failures.isEmpty else { return text }

        var latest = TextTable(["WHEN", "ALBUM", "FILE", "STAGE", "REASON"])
        for failure in failures {
            latest.add([clock.localTime(failure.time), EventFormatter.visible(failure.album),
                        EventFormatter.visible(failure.file), EventFormatter.visible(failure.stage ?? "-"),
                        EventFormatter.visible(failure.reason)])
        }
        text += "\nLatest failures\n" + latest.rendered()
        return text
    }
}
