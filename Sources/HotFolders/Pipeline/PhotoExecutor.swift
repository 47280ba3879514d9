import Dispatch

/// Runs photo work on GCD threads instead of Swift's cooperative pool. libvips calls block for
/// hundreds of milliseconds; on the cooperative pool (one thread per core) two such photos
/// would starve the watcher, the settle timers and signal handling.
final class PhotoExecutor: TaskExecutor, @unchecked Sendable {
    private let queue = DispatchQueue(label: "hotfolders.photos", qos: .utility, attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    static let shared = PhotoExecutor()
}
