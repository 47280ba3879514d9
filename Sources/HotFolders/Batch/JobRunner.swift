import Synchronization

/// Runs photos `workers` at a time, for the agent and for `hotfolders process` alike. The next
/// job is only asked for when a worker is free: memory stays flat however many files wait, and
/// what waits stays where a stopping agent can leave it (in the inbox).
///
/// Cancelling the calling task abandons the jobs still running: the runner returns at once and
/// their results are never heard. A photo cannot be stopped inside a decoder, and the agent's
/// shutdown must not wait for it past `shutdown_timeout`; nothing is lost by that, because an
/// original is only moved once its outputs are durably written, so an unfinished photo is
/// redone from its original at the next start.
struct JobRunner: Sendable {
    let workers: Int

    init(workers: Int) {
        self.workers = max(1, workers)
    }

    /// Takes jobs from `next` until it returns nil (or the task is cancelled), runs `work` on
    /// each, and calls `finished` in this task as each ends, in completion order.
    func run<Job: Sendable, Result: Sendable>(
        next: () async -> Job?,
        work: @escaping @Sendable (Job) async -> Result,
        finished: (Job, Result) -> Void = { _, _ in }
    ) async {
        await withTaskGroup(of: (Job, Result?).self) { group in
            var running = 0
            func collect(_ ended: (Job, Result?)?) {
                guard let ended else { return }
                running -= 1
                if let result = ended.1 { finished(ended.0, result) }
            }
            while !Task.isCancelled, let job = await next() {
                if running >= workers { collect(await group.next()) }
                group.addTask { (job, await Self.untilCancelled { await work(job) }) }
                running += 1
            }
            while running > 0, let ended = await group.next() { collect(ended) }
        }
    }

    /// Runs `operation` in a task of its own and returns its result, or nil as soon as the
    /// calling task is cancelled (the operation then goes on by itself until the process ends).
    static func untilCancelled<T: Sendable>(_ operation: @escaping @Sendable () async -> T) async -> T? {
        let handoff = Handoff<T>()
        let task = Task { await operation() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: CheckedContinuation<T?, Never>) in
                // Cancelled before the wait began: not waited for at all.
                if !handoff.wait(waiter) { waiter.resume(returning: nil) }
                Task { handoff.finish(await task.value) }
            }
        } onCancel: {
            handoff.finish(nil)
        }
    }
}

/// Hands `JobRunner.untilCancelled`'s caller the first of the result and its cancellation.
private final class Handoff<T: Sendable>: Sendable {
    private enum Waiting {
        case notYet
        case waiting(CheckedContinuation<T?, Never>)
        case done
    }

    private let state = Mutex(Waiting.notYet)

    /// Whether `waiter` now waits (false: it was answered already, by a cancellation).
    func wait(_ waiter: CheckedContinuation<T?, Never>) -> Bool {
        state.withLock { state in
            guard case .notYet = state else { return false }
            state = .waiting(waiter)
            return true
        }
    }

    func finish(_ value: T?) {
        let waiter = state.withLock { state -> CheckedContinuation<T?, Never>? in
            defer { state = .done }
            if case .waiting(let waiter) = state { return waiter }
            return nil
        }
        waiter?.resume(returning: value)
    }
}
