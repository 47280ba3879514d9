import Foundation

/// `hotfolders process`: runs the album pipeline over a stream of arrivals, `workers` photos at
/// a time, through the agent's own `JobRunner`.
public struct Batch: Sendable {
    public let pipeline: Pipeline
    public let workers: Int

    public init(pipeline: Pipeline, workers: Int) {
        self.pipeline = pipeline
        self.workers = max(1, workers)
    }

    /// Runs every item, calling `onOutcome` once per item as each finishes (in completion order).
    public func run(_ items: ArrivalStream, onOutcome: (Arrival, PhotoOutcome) -> Void) async -> BatchSummary {
        var summary = BatchSummary()
        let started = ContinuousClock.now
        // A manifest left behind by a killed run is brought up to date even if no photo comes;
        // not beside a running agent, which mended them at its start and keeps them current
        // (a write it has put off would look stale from here).
        let configuration = pipeline.configuration
        if AgentLock.running(root: configuration.root, state: configuration.state) == nil {
            pipeline.publishing.repairManifests(configuration: configuration)
        }
        let items = items.makeIterator()
        let pipeline = self.pipeline
        await JobRunner(workers: workers).run(
            next: { () -> Arrival? in
                // What is not a photo is said at once, without taking a worker.
                while let item = items.next() {
                    switch item {
                    case .skip(let arrival, let reason):
                        pipeline.events.record(Event(.skipped, level: .warning, album: arrival.album.isEmpty ? nil : arrival.album,
                                                     file: arrival.name, reason: reason))
                        summary.add(.skipped(reason: reason))
                        onOutcome(arrival, .skipped(reason: reason))
                    case .arrival(let arrival):
                        return arrival
                    }
                }
                return nil
            },
            work: { arrival in await pipeline.handle(arrival) },
            finished: { arrival, outcome in
                summary.add(outcome)
                onOutcome(arrival, outcome)
            })
        pipeline.finishPublishing()
        summary.seconds = (ContinuousClock.now - started) / .seconds(1)
        return summary
    }
}

/// Counts of a batch's outcomes, for the closing line and the exit status.
public struct BatchSummary: Sendable, Equatable {
    public var processed = 0
    public var failed = 0
    public var duplicates = 0
    public var skipped = 0
    public var unchanged = 0
    public var recovered = 0
    public var incomplete = 0
    /// Stopped by the machine (a full disk): still in the inbox, not in failed/.
    public var postponed = 0
    public var seconds = 0.0

    public var total: Int { processed + failed + duplicates + skipped + unchanged + recovered + incomplete + postponed }

    public mutating func add(_ outcome: PhotoOutcome) {
        switch outcome {
        case .processed: processed += 1
        case .failed: failed += 1
        case .postponed: postponed += 1
        case .duplicate: duplicates += 1
        case .skipped: skipped += 1
        case .unchanged: unchanged += 1
        case .recovered: recovered += 1
        case .incomplete: incomplete += 1
        }
    }

    /// "12 processed, 1 failed, 2 duplicates, 0 skipped in 4.2 s (2.9 photos/s)".
    public var line: String {
        var parts = ["\(processed) processed", "\(failed) failed", "\(duplicates) duplicate\(duplicates == 1 ? "" : "s")",
                     "\(skipped) skipped"]
        if unchanged > 0 { parts.append("\(unchanged) already done") }
        if recovered > 0 { parts.append("\(recovered) recovered") }
        if incomplete > 0 { parts.append("\(incomplete) still arriving") }
        if postponed > 0 { parts.append("\(postponed) postponed (the disk is full; still in the inbox)") }
        let rate = seconds > 0 ? Double(processed) / seconds : 0
        return parts.joined(separator: ", ") + String(format: " in %.1f s (%.2f photos/s)", seconds, rate)
    }
}
