import Synchronization

/// Wakes one waiting loop. A stage sleeps until its next due instant or until something it
/// cares about happens (a file to settle, a photo to deploy, an album to poll), so an idle agent
/// does not tick. A `signal()` given while nobody waits is kept for the next `wait`: a wake-up
/// is never lost between a loop's look at its work and its going to sleep.
final class WakeSignal: Sendable {
    private struct State {
        var signalled = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    init() {}

    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.signalled = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns when signalled (or signalled since the last wait), at `deadline` (nil: no
    /// deadline), or when the task is cancelled.
    func wait(until deadline: ContinuousClock.Instant?) async {
        if state.withLock({ state in defer { state.signalled = false }; return state.signalled }) { return }
        if let deadline, deadline <= .now { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForSignal() }
            if let deadline {
                group.addTask { try? await Task.sleep(until: deadline, tolerance: .milliseconds(5), clock: .continuous) }
            }
            await group.next()
            group.cancelAll()
        }
    }

    func wait(for duration: Duration) async { await wait(until: .now + duration) }

    private func waitForSignal() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.signalled || Task.isCancelled {
                        state.signalled = false
                        return true
                    }
                    state.waiter = waiter
                    return false
                }
                if now { waiter.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
