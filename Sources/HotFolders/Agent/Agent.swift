import Foundation
import Glibc
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// `hotfolders run`: watches every album under `inbox/` and processes each photo once it has
/// completely arrived. Events flow one way: kernel watcher and pollers -> settle -> job runner
/// (`workers` at a time) -> pipeline -> deploy. A start-up scan, a rescan after lost events and
/// a periodic reconcile catch whatever no event announced; the catalog makes them idempotent.
///
/// No stage ticks: each sleeps until its next due instant (a file's quiet period ends, an album
/// is due for a poll, a deploy's backoff ends) or until another stage wakes it (`WakeSignal`),
/// so an idle agent costs nothing. Walks of the inbox and polls run on the photo executor's
/// threads, never on the cooperative pool, and never under the lock the workers need.
public final class Agent: Service, Sendable {
    let workspace: Workspace
    let configurationSource: URL?
    let logger: Logger
    let notifier: SystemdNotifier
    let state: Mutex<State>
    private let jobs: AsyncStream<Arrival>
    private let jobsInput: AsyncStream<Arrival>.Continuation
    private let stopRequests: AsyncStream<Void>
    private let stopInput: AsyncStream<Void>.Continuation
    private let poller: PollWatcher
    /// Wakes the settle stage: a file whose wait ends sooner than the one it sleeps towards.
    private let settleWake = WakeSignal()
    /// Wakes the poll stage: an album to poll sooner (a new one, one the kernel refused).
    private let pollWake = WakeSignal()
    /// Wakes a stopping agent's wait for the photos in flight.
    private let idleWake = WakeSignal()
    /// Wakes an idle heartbeat: something arrived, so the counts it publishes are changing.
    private let activity = WakeSignal()
    /// Photos a shutdown cut short (still in flight at `shutdown_timeout`), for the exit status.
    private let cutShort = Mutex(0)
    private let postponed = PostponedPhotos()
    /// Root's and inbox/'s file systems as at start: a root that leaves them is paused.
    private let rootMount: RootMount

    /// Everything that changes while the agent runs, behind one lock.
    struct State {
        var configuration: Configuration
        var pipeline: Pipeline
        var board = SettleBoard()
        /// Where the settle stage sleeps to (nil: until woken): a file due sooner wakes it.
        var settleDeadline: ContinuousClock.Instant?
        /// Counts reloads, so the deploy stage knows when to take the new settings.
        var generation = 0
        var queued: Set<String> = []
        var inFlight: Set<String> = []
        /// Album name -> how it is watched ("inotify", "poll (nfs)", "poll").
        var albums: [String: String] = [:]
        /// Polled albums and when each is next due.
        var pollDue: [String: ContinuousClock.Instant] = [:]
        /// Albums with folders the kernel refused to watch (the watch limit), and those folders:
        /// polled until every one of them is watched again.
        var refusedWatches: [String: Set<String>] = [:]
        /// Albums just watched again, whose next `watching` event says why (a reconcile's
        /// announce may come before the one that follows `.watchable`).
        var watchedAgain: Set<String> = []
        /// Whether the warning that the watch budget is nearly spent was given (once per run).
        var watchBudgetWarned = false
        /// Why root is paused (its file system is not the one at start), or nil.
        var paused: RootMount.Problem?
        /// Loose files and links already reported, so a reconcile does not report them again.
        var reportedSkips: Set<String> = []
        var processed = 0
        var failed = 0
        var stopping = false
        var started = Timestamp.string()
        var lastSnapshot: AgentSnapshot?
        var lastStatus = ""

        /// Starts or restarts `url`'s quiet period; returns whether the settle stage must wake
        /// (it sleeps towards a later instant). A burst of files with the same wait wakes it once.
        mutating func settle(_ url: URL, look: SettleBoard.Look?, wait: Duration) -> Bool {
            let now = ContinuousClock.now
            board.observe(url, look: look, settle: wait, now: now)
            let due = now + wait
            if let deadline = settleDeadline, deadline <= due { return false }
            settleDeadline = due
            return true
        }
    }

    public init(workspace: Workspace, configurationSource: URL?, logger: Logger,
                notifier: SystemdNotifier = SystemdNotifier()) {
        self.workspace = workspace
        self.configurationSource = configurationSource
        self.logger = logger
        self.notifier = notifier
        self.state = Mutex(State(configuration: workspace.configuration, pipeline: workspace.pipeline))
        (jobs, jobsInput) = AsyncStream.makeStream(of: Arrival.self)
        (stopRequests, stopInput) = AsyncStream.makeStream(of: Void.self)
        self.poller = PollWatcher(ignoring: workspace.configuration.ignored)
        self.rootMount = RootMount(layout: workspace.configuration.layout)
    }

    var configuration: Configuration { state.withLock { $0.configuration } }
    /// Root's file system is not the one at start: nothing under root is read or written.
    var isPaused: Bool { pauseReason != nil }

    /// Why the agent takes no photo now, or nil: root is not on its file system (it resumes by
    /// itself), or the catalog is damaged (until it is restored, with the agent stopped).
    var pauseReason: String? {
        if let problem = state.withLock({ $0.paused }) { return problem.reason }
        return workspace.catalog.damaged.map { "the catalog is damaged (\($0)); no photo is taken until it is restored" }
    }
    var layout: Layout { workspace.configuration.layout }
    var events: EventLog { workspace.events }

    /// Asks the agent to stop taking new files and finish what is in flight (SIGTERM does this).
    public func stop() { stopInput.yield() }

    /// Photos still in flight when the last shutdown's `shutdown_timeout` ran out (they are
    /// redone from their originals at the next start); `hotfolders run` exits 75 then.
    public var photosCutShort: Int { cutShort.withLock { $0 } }

    public func run() async throws {
        let lock = try AgentLock.acquire(root: layout.root, state: workspace.configuration.state, config: configurationSource)
        defer { withExtendedLifetime(lock) {} }
        // A damaged catalog is found before any photo is taken (they stay in the inbox).
        try workspace.catalog.quickCheck()
        let reset = try workspace.catalog.resetInterrupted()
        CrashRepair(workspace: workspace).run()
        let watcher = try KernelWatcher(inbox: layout.inbox, ignoring: configuration.ignored)
        // Watching the whole tree walks it, and `start` blocks until that is done.
        try await Self.blocking { try watcher.start() }
        // Refused while the inbox was walked: polled before the albums are announced, so none
        // of them is announced as watched first.
        for (folder, reason) in watcher.refusedFolders { refused(folder, reason: reason) }
        events.record(Event(.started, fields: [
            "pid": "\(getpid())", "workers": "\(configuration.workers)", "watches": "\(watcher.watchCount)",
            "interrupted": "\(reset)",
        ]))

        // SIGHUP is trapped before `ready` is announced: trapped only once the reload task ran,
        // a reload asked for at once (systemd's ExecReload, a script) would have killed the
        // agent, SIGHUP's default action. Hang-ups that come before the task runs wait in it.
        let hangups = configurationSource == nil ? nil : await UnixSignalsSequence(trapping: .sighup)
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                // The stages that walk folders, stat files or wait on the reader thread run
                // on the photo executor; the heartbeat stays on the cooperative pool, free.
                group.addTask { await Self.blocking { await self.consume(watcher.events) } }
                group.addTask { await Self.blocking { await self.settleLoop() } }
                group.addTask { await self.runJobs() }
                group.addTask { await Self.blocking { await self.reconcileLoop(watcher) } }
                group.addTask { await Self.blocking { await self.pollLoop() } }
                group.addTask { await self.deployLoop() }
                group.addTask { await self.heartbeatLoop(watcher) }
                group.addTask { await Self.blocking { await self.rootLoop(watcher) } }
                group.addTask { await self.reloadOnHangup(hangups) }
                group.addTask { await self.backupLoop() }

                await Self.blocking { self.rescan(reason: "start-up", announceAlbums: true) }
                self.notifier.ready(status: self.statusLine())
                self.events.record(Event(.ready, fields: ["albums": "\(self.state.withLock { $0.albums.count })"]))

                for await _ in self.stopRequests { break }
                await self.shutDown(watcher: watcher)
                // Every stage ends here; photos still in flight are abandoned by the job runner.
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.stop()
        }
        try? writeSnapshot(force: true)
        var fields = ["processed": "\(state.withLock { $0.processed })"]
        if photosCutShort > 0 { fields["cut_short"] = "\(photosCutShort)" }
        events.record(Event(.stopped, fields: fields))
    }

    /// Runs blocking work (walks, stats, waits on a thread) on the photo executor's threads.
    static func blocking<T: Sendable>(_ work: @Sendable () async throws -> T) async rethrows -> T {
        try await withTaskExecutorPreference(PhotoExecutor.shared) { try await work() }
    }

    // MARK: - Shutdown

    /// Stops taking new files; photos in flight finish, for up to `shutdown_timeout`. Whatever
    /// is still in flight then is cut short (redone from its original at the next start) and
    /// counted, so the exit status says so; the caller cancels the stages, which abandons it.
    private func shutDown(watcher: KernelWatcher) async {
        notifier.stopping()
        let inFlight = state.withLock { state -> Int in
            state.stopping = true
            return state.inFlight.count
        }
        events.record(Event(.stopping, fields: ["in_flight": "\(inFlight)"]))
        // Joins the reader thread.
        await Self.blocking { watcher.stop() }
        jobsInput.finish()
        let deadline = ContinuousClock.now + configuration.shutdownTimeout
        while state.withLock({ !$0.inFlight.isEmpty }) && ContinuousClock.now < deadline {
            await idleWake.wait(until: deadline)
        }
        await Self.blocking { self.state.withLock { $0.pipeline }.finishPublishing() }
        let left = state.withLock { $0.inFlight.sorted() }
        if !left.isEmpty {
            cutShort.withLock { $0 = left.count }
            events.record(Event(.warning, level: .warning,
                                reason: "shutdown timeout: \(left.count) photo(s) still in flight will be redone at the next start",
                                fields: ["files": left.joined(separator: ", ")]))
        }
    }

    // MARK: - Events to settle

    private func consume(_ stream: AsyncStream<FileEvent>) async {
        for await event in stream {
            switch event {
            case .file(let url):
                observe(url, fromKernel: true)
            case .notUTF8(let url, let isFolder):
                refuse(notUTF8: url, isFolder: isFolder)
            case .folder(let url):
                if url.deletingLastPathComponent().standardizedFileURL == layout.inbox.standardizedFileURL {
                    announce(album: url.lastPathComponent)
                }
                scan(url, fromKernel: true)
            case .folderGone(let url):
                state.withLock { $0.board.forget(under: url) }
                poller.forget(url)
                if url.deletingLastPathComponent().standardizedFileURL == layout.inbox.standardizedFileURL {
                    let album = url.lastPathComponent
                    state.withLock {
                        $0.albums[album] = nil
                        $0.pollDue[album] = nil
                        $0.refusedWatches[album] = nil
                    }
                    events.record(Event(.albumRemoved, album: album))
                }
            case .overflow:
                events.record(Event(.overflow, level: .warning,
                                    reason: "file events were lost (the kernel's queue overflowed); rescanning the inbox"))
                rescan(reason: "overflow", announceAlbums: false)
            case .unwatchable(let url, let reason):
                refused(url, reason: reason)
            case .watchable(let url):
                guard let album = layout.inboxPlace(of: url.appendingPathComponent("x"))?.album else { continue }
                let watched = state.withLock { state -> Bool in
                    guard var folders = state.refusedWatches[album] else { return false }
                    folders = folders.filter { $0 != url.path && !$0.hasPrefix(url.path + "/") }
                    state.refusedWatches[album] = folders.isEmpty ? nil : folders
                    if folders.isEmpty { state.watchedAgain.insert(album) }
                    return folders.isEmpty
                }
                if watched { announce(album: album) }
            }
        }
    }

    /// A folder the kernel would not watch (the watch limit): its album is polled from now on,
    /// until every refused folder of it is watched (`rewatch` at each reconcile).
    private func refused(_ folder: URL, reason: String) {
        // The inbox itself refused: every album is polled (new ones are found by the reconcile).
        if folder.standardizedFileURL.path == layout.inbox.standardizedFileURL.path {
            for album in (try? configuration.albumFolders()) ?? [] {
                refused(layout.inbox(album: album), reason: reason)
            }
            return
        }
        guard let album = layout.inboxPlace(of: folder.appendingPathComponent("x"))?.album else { return }
        let first = state.withLock { state -> Bool in
            let first = state.refusedWatches[album] == nil
            state.refusedWatches[album, default: []].insert(folder.path)
            state.albums[album] = Self.unwatchableMode
            if state.pollDue[album] == nil { state.pollDue[album] = .now }
            return first
        }
        pollWake.signal()
        if first {
            events.record(Event(.watchLimit, level: .warning, album: album, reason: reason,
                                fields: ["mode": Self.unwatchableMode]))
        }
    }

    static let unwatchableMode = "poll (not watchable)"

    /// A file event or a file found by a scan: start its settle wait. Kernel events for a
    /// polled album are passed over, so its poller alone decides (and `watch = "poll"` means it).
    private func observe(_ url: URL, fromKernel: Bool = false) {
        guard let place = layout.inboxPlace(of: url) else {
            reportSkip(Arrival(url: url, album: "", name: url.lastPathComponent, fromInbox: true),
                       reason: "lies loose in inbox/; put photos in an album folder (inbox/<Album>/)")
            return
        }
        let settle = configuration.settings(forAlbum: place.album).settle
        // The first look is taken outside the lock: a rescan's thousands of them hold up no one.
        let look = SettleBoard.Look.of(url)
        let wake = state.withLock { state -> Bool in
            guard state.paused == nil else { return false }
            guard !(fromKernel && state.pollDue[place.album] != nil) else { return false }
            guard !state.stopping, !state.queued.contains(url.path), !state.inFlight.contains(url.path) else { return false }
            return state.settle(url, look: look, wait: settle)
        }
        if wake { settleWake.signal() }
        activity.signal()
    }

    /// Puts `url` back on the settle board for `wait` (a photo still arriving, one postponed by
    /// a full disk): looked at again when that is over, or when an event restarts its wait.
    private func settleAgain(_ url: URL, after wait: Duration) {
        let look = SettleBoard.Look.of(url)
        let wake = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            return state.settle(url, look: look, wait: wait)
        }
        if wake { settleWake.signal() }
    }

    private func reportSkip(_ arrival: Arrival, reason: String) {
        let first = state.withLock { $0.reportedSkips.insert(arrival.url.path).inserted }
        if first {
            events.record(Event(.skipped, level: .warning, album: arrival.album.isEmpty ? nil : arrival.album,
                                file: arrival.name, reason: reason))
        }
    }

    private func refuse(notUTF8 url: URL, isFolder: Bool) {
        let (arrival, reason) = ArrivalStream.refusal(notUTF8: url, isFolder: isFolder, layout: layout)
        reportSkip(arrival, reason: reason)
    }

    /// Every file below `folder` enters the settle wait (a folder that appeared may hold files
    /// written before its watch existed).
    private func scan(_ folder: URL, fromKernel: Bool = false) {
        for entry in FolderWalk(folder, ignoring: configuration.ignored) {
            switch entry {
            case .file(let url, _): observe(url, fromKernel: fromKernel)
            case .link(let url, _):
                if let place = layout.inboxPlace(of: url) {
                    reportSkip(Arrival(url: url, album: place.album, name: place.name, fromInbox: true),
                               reason: "a symlink; links are never followed")
                }
            case .notUTF8(let url, _, let isFolder): refuse(notUTF8: url, isFolder: isFolder)
            }
        }
    }

    /// The whole inbox: at start-up (what arrived while the agent was stopped), after lost
    /// events, and every `reconcile_interval`. Originals deliberately kept in the inbox
    /// (`after = "keep"`) and already done are passed over without being read again.
    private func rescan(reason: String, announceAlbums: Bool) {
        if isPaused { return }
        if announceAlbums {
            for album in (try? configuration.albumFolders()) ?? [] { announce(album: album) }
        }
        var kept: [String: [String: Int64]] = [:]
        for item in ArrivalStream.inbox(layout, ignoring: configuration.ignored) {
            switch item {
            case .skip(let arrival, let why):
                reportSkip(arrival, reason: why)
            case .arrival(let arrival):
                if kept[arrival.album] == nil {
                    kept[arrival.album] = (try? workspace.catalog.keptNames(album: arrival.album)) ?? [:]
                }
                if let size = kept[arrival.album]![arrival.name], SettleBoard.Look.of(arrival.url)?.size == size { continue }
                observe(arrival.url)
            }
        }
        logger.debug("rescan (\(reason)): \(state.withLock { $0.board.count }) settling")
    }

    /// Decides how an album is watched and says so in the event log.
    private func announce(album: String) {
        guard AlbumFolders.isAlbum(album, ignoring: configuration.ignored) else {
            logger.debug("ignored folder inbox/\(album)/: its name is on the ignore list")
            return
        }
        var reason: String?
        let settings = configuration.settings(forAlbum: album)
        let folder = layout.inbox(album: album)
        let asked: String
        switch settings.watch {
        case .poll: asked = "poll"
        case .inotify: asked = "inotify"
        case .auto:
            if case .network(let name) = FileSystemKind.of(folder) { asked = "poll (\(name))" } else { asked = "inotify" }
        }
        let (isNew, mode, wasPolled) = state.withLock { state -> (Bool, String, Bool) in
            // An album whose watch the kernel refused is polled, whatever its settings ask for.
            let mode = asked == "inotify" && state.refusedWatches[album] != nil ? Self.unwatchableMode : asked
            let isNew = state.albums[album] != mode
            if isNew && mode == "inotify" && state.watchedAgain.remove(album) != nil { reason = "the kernel accepts its watch now" }
            let wasPolled = state.pollDue[album] != nil
            state.albums[album] = mode
            if mode.hasPrefix("poll") { state.pollDue[album] = state.pollDue[album] ?? .now } else { state.pollDue[album] = nil }
            return (isNew, mode, wasPolled)
        }
        if wasPolled && !mode.hasPrefix("poll") { poller.forget(folder) }
        if !wasPolled && mode.hasPrefix("poll") { pollWake.signal() }
        if isNew {
            events.record(Event(.watching, album: album, reason: reason, fields: ["mode": mode]))
            activity.signal()
        }
    }

    // MARK: - Settle to jobs to pipeline

    /// Sleeps until the soonest quiet period ends (or a sooner one begins), then gives each file
    /// its second look, outside the lock, and queues those that kept still.
    private func settleLoop() async {
        while !Task.isCancelled {
            let due = state.withLock { state -> [SettleBoard.Pending] in
                state.paused == nil ? state.board.takeDue(now: .now) : []
            }
            var ready: [URL] = []
            var changed: [(SettleBoard.Pending, SettleBoard.Look)] = []
            for entry in due {
                switch SettleBoard.judge(entry) {
                case .ready: ready.append(entry.url)
                case .vanished: break
                case .changed(let look): changed.append((entry, look))
                }
            }
            let (queued, deadline) = state.withLock { state -> ([URL], ContinuousClock.Instant?) in
                let now = ContinuousClock.now
                for (entry, look) in changed { state.board.rewait(entry, look: look, now: now) }
                // An event about a file while it was looked at started a newer wait: that wins.
                let queued = ready.filter { !state.board.contains($0) && !state.stopping }
                for url in queued { state.queued.insert(url.path) }
                state.settleDeadline = state.paused == nil ? state.board.nextDue : nil
                return (queued, state.settleDeadline)
            }
            for url in queued.sorted(by: { $0.path < $1.path }) {
                guard let place = layout.inboxPlace(of: url) else { continue }
                jobsInput.yield(Arrival(url: url, album: place.album, name: place.name, fromInbox: true))
            }
            await settleWake.wait(until: deadline)
        }
    }

    private func runJobs() async {
        var jobs = self.jobs.makeAsyncIterator()
        await JobRunner(workers: configuration.workers).run(
            next: { await jobs.next() },
            // Its own checks (the root's mount, the free space) stat too: off the pool as well.
            work: { arrival in await Self.blocking { await self.runOne(arrival) } })
    }

    private func runOne(_ arrival: Arrival) async {
        let moved = rootMount.problem()
        if let moved { rootChanged(to: moved) }
        let damaged = workspace.catalog.damaged != nil
        let taken = state.withLock { state -> Pipeline? in
            state.queued.remove(arrival.url.path)
            // Stopping or paused: it stays in the inbox, for the next start or the resume's rescan.
            guard !state.stopping, state.paused == nil, moved == nil, !damaged else { return nil }
            state.inFlight.insert(arrival.url.path)
            return state.pipeline
        }
        guard let pipeline = taken else { return }
        if postponed.isStillBlocked(arrival.url.path, free: freeBytes()) {
            // Postponed by a full disk that is still full: looked at again later, without being
            // read, decoded and styled once more only to fail at the write.
            state.withLock { _ = $0.inFlight.remove(arrival.url.path) }
            settleAgain(arrival.url, after: postponed.wait(after: arrival.url.path))
            idleWake.signal()
            return
        }
        let outcome: PhotoOutcome
        if FileManager.default.fileExists(atPath: arrival.url.path) {
            outcome = await pipeline.handle(arrival, holdingIncomplete: true)
        } else {
            outcome = .unchanged  // moved away while it waited: nothing to do
        }
        let settle = configuration.settings(forAlbum: arrival.album)
        state.withLock { state in
            state.inFlight.remove(arrival.url.path)
            switch outcome {
            case .processed, .recovered: state.processed += 1
            case .failed: state.failed += 1
            default: break
            }
        }
        switch outcome {
        case .incomplete(let retryIn):
            // Looked at again when it changes (an event restarts the wait), or when the wait for
            // the rest is over, when it is judged for good.
            settleAgain(arrival.url, after: max(retryIn, settle.settle) + .milliseconds(100))
        case .postponed:
            // Tried again on its own once the machine may let it (space freed), not only at the
            // next reconcile.
            settleAgain(arrival.url, after: postponed.wait(after: arrival.url.path))
        default: break
        }
        idleWake.signal()
        activity.signal()
        if case .postponed = outcome { postponed.noteFull(free: freeBytes()) } else { postponed.forget(arrival.url.path) }
    }

    /// The free bytes of the disks a photo is written to (outbox, originals, state).
    private func freeBytes() -> [UInt64] {
        [layout.outbox, layout.originals, workspace.configuration.state].map { DiskFull.freeBytes(at: $0) ?? .max }
    }

    // MARK: - Timers

    private func reconcileLoop(_ watcher: KernelWatcher) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.reconcileInterval)
            if Task.isCancelled || state.withLock({ $0.stopping }) { return }
            // A paused root is not looked at (nor written under): its bare mount point is not it.
            if isPaused { continue }
            // Watches freed since (albums removed, the limit raised) bring refused albums back
            // to events; the `.watchable` that says so comes before the rescan is over.
            watcher.rewatch()
            rescan(reason: "reconcile", announceAlbums: true)
        }
    }

    /// Sleeps until the next album is due for a poll (or one is due sooner), then walks it.
    private func pollLoop() async {
        while !Task.isCancelled {
            let due = isPaused ? [] : state.withLock { state -> [String] in
                let now = ContinuousClock.now
                return state.pollDue.filter { $0.value <= now }.map(\.key)
            }
            for album in due {
                let interval = configuration.settings(forAlbum: album).pollInterval
                state.withLock { $0.pollDue[album] = .now + interval }
                for event in poller.poll(layout.inbox(album: album)) {
                    switch event {
                    case .file(let url): observe(url)
                    case .notUTF8(let url, let isFolder): refuse(notUTF8: url, isFolder: isFolder)
                    default: break
                    }
                }
            }
            let next = isPaused ? nil : state.withLock { $0.pollDue.values.min() }
            await pollWake.wait(until: next)
        }
    }

    /// The watchdog ping, the STATUS= line and `agent.json`: once a second while photos are
    /// settling, queued or in flight; when the agent is idle only as often as the watchdog needs
    /// (half its interval) or when something arrives, so an idle agent does not tick.
    private func heartbeatLoop(_ watcher: KernelWatcher) async {
        let watchdog = notifier.watchdogInterval
        let busyPeriod: Duration = min(watchdog.map { $0 / 2 } ?? .seconds(1), .seconds(1))
        let idlePeriod: Duration = watchdog.map { $0 / 2 } ?? .seconds(60)
        let budget = WatchBudget.current()
        while !Task.isCancelled {
            if watchdog != nil { notifier.watchdog() }
            if let budget { checkWatchBudget(budget, watching: watcher.watchCount) }
            let line = statusLine()
            let (changed, busy) = state.withLock { state -> (Bool, Bool) in
                defer { state.lastStatus = line }
                return (state.lastStatus != line, state.board.count + state.queued.count + state.inFlight.count > 0)
            }
            if changed { notifier.status(line) }
            try? writeSnapshot(force: false)
            if busy || changed {
                try? await Task.sleep(for: busyPeriod)
            } else {
                await activity.wait(until: .now + idlePeriod)
            }
        }
    }

    /// Pauses root when its file system is not the one at start, and resumes once it is back:
    /// the watches are made again and the whole inbox is looked through. A task of its own, not
    /// the heartbeat's: a `stat` on a hung share, or the rescan of a large inbox, must not hold
    /// up the watchdog ping.
    private func rootLoop(_ watcher: KernelWatcher) async {
        while !Task.isCancelled {
            let problem = rootMount.problem()
            if rootChanged(to: problem), problem == nil {
                watcher.rewatch()
                rescan(reason: "resumed", announceAlbums: true)
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Records a pause or a resume; returns whether this call made the change (several loops
    /// look, one says so).
    @discardableResult
    private func rootChanged(to problem: RootMount.Problem?) -> Bool {
        let changed = state.withLock { state -> Bool in
            guard (state.paused == nil) != (problem == nil) else { return false }
            state.paused = problem
            if problem != nil { state.board.forget(under: layout.inbox) }
            return true
        }
        guard changed else { return false }
        // Every stage looks again: sleeping while paused, they wait for no instant.
        activity.signal()
        settleWake.signal()
        pollWake.signal()
        workspace.deployWake.signal()
        if let problem {
            events.record(Event(.paused, level: .warning, reason: problem.reason, fields: ["root": layout.root.path]))
        } else {
            events.record(Event(.resumed, reason: "root's file system is back; the inbox is looked through again",
                                fields: ["root": layout.root.path]))
        }
        return true
    }

    /// One warning per run once 90% of the inotify watches the kernel allows are in use, before
    /// new albums start falling back to polling.
    private func checkWatchBudget(_ budget: WatchBudget, watching watches: Int) {
        guard budget.isNearlySpent(watching: watches) else { return }
        let first = state.withLock { state -> Bool in
            defer { state.watchBudgetWarned = true }
            return !state.watchBudgetWarned
        }
        guard first else { return }
        events.record(Event(.watchBudget, level: .warning,
                            reason: "\(watches + 1) of \(budget.limit) inotify watches are in use; raise fs.inotify.max_user_watches "
                                + "(sysctl) before new albums have to be polled",
                            fields: ["watches": "\(watches + 1)", "limit": "\(budget.limit)"]))
    }

    func statusLine() -> String {
        let counts = state.withLock { state in
            "\(state.processed) processed, \(state.failed) failed, \(state.board.count) settling, "
                + "\(state.queued.count) queued, \(state.inFlight.count) in flight"
        }
        return pauseReason.map { "paused: \($0); " + counts } ?? counts
    }

    private func writeSnapshot(force: Bool) throws {
        let layout = self.layout
        let paused = pauseReason
        let snapshot = state.withLock { state -> AgentSnapshot? in
            var snapshot = AgentSnapshot(
                pid: getpid(), started: state.started, updated: "", settling: state.board.count,
                queued: state.queued.count,
                inFlight: state.inFlight.map { path in
                    layout.inboxPlace(of: URL(fileURLWithPath: path)).map { "\($0.album)/\($0.name)" } ?? path
                }.sorted(),
                processed: state.processed, failed: state.failed, albums: state.albums, paused: paused)
            if !force && snapshot == state.lastSnapshot { return nil }
            state.lastSnapshot = snapshot
            snapshot.updated = Timestamp.string()
            return snapshot
        }
        try snapshot?.write(state: workspace.configuration.state)
    }

    // MARK: - Reload

    /// SIGHUP re-reads the config. A bad one is rejected with its error and the old one kept;
    /// `root`, `state` and `workers` need a restart (they shape what is already open).
    private func reloadOnHangup(_ hangups: UnixSignalsSequence?) async {
        guard let source = configurationSource, let hangups else { return }
        for await _ in hangups {
            notifier.reloading()
            do {
                let loaded = try await Self.blocking { try Configuration.load(from: source) }
                let current = configuration
                var applied = loaded
                applied.root = current.root
                applied.state = current.state
                applied.workers = current.workers
                let pipeline = Pipeline(configuration: applied, catalog: workspace.catalog, events: events, logger: logger,
                                        deployWake: workspace.deployWake)
                state.withLock { state in
                    state.configuration = applied
                    state.pipeline = pipeline
                    state.generation += 1
                }
                workspace.deployWake.signal()
                var fields: [String: String] = [:]
                // By path: a folder's URL gains a trailing slash once the folder exists, so the
                // URL loaded at start (before root and state were made) differs from a reload's.
                func moved(_ a: URL, _ b: URL) -> Bool { a.standardizedFileURL.path != b.standardizedFileURL.path }
                if moved(loaded.root, current.root) || moved(loaded.state, current.state) || loaded.workers != current.workers {
                    fields["note"] = "root, state and workers changes take effect at the next start"
                }
                events.record(Event(.reloaded, fields: fields.isEmpty ? nil : fields))
                for album in (try? applied.albumFolders()) ?? [] { announce(album: album) }
            } catch {
                events.record(Event(.configRejected, level: .error,
                                    reason: "the new configuration has an error; the previous one stays in force",
                                    detail: "\(error)"))
            }
            notifier.ready(status: statusLine())
        }
    }
}
