import Glibc

/// Wakes an `InotifyInstance` waiting in `next(timeout:)`, from any thread.
///
/// libinotifytools waits in its own `select` on a descriptor it does not expose, in whole
/// seconds, so there is no descriptor of ours to add to that wait. Instead the instance watches
/// this pipe's inode (through `/proc/self/fd/N`): a byte written here is an IN_MODIFY in the
/// same queue, and `next` returns at once. Where the kernel cannot watch the pipe (no /proc),
/// `wakesAtOnce` is false and a wake is only noticed when `next` times out.
public final class InotifyWaker: Sendable {
    /// Both ends live as long as the waker, so a late `wake()` never writes into a closed pipe
    /// (no SIGPIPE, no descriptor reused by someone else).
    let readEnd: Int32
    let writeEnd: Int32
    public let wakesAtOnce: Bool

    init(readEnd: Int32, writeEnd: Int32, wakesAtOnce: Bool) {
        self.readEnd = readEnd
        self.writeEnd = writeEnd
        self.wakesAtOnce = wakesAtOnce
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    public func wake() {
        var byte: UInt8 = 1
        // Non-blocking: a full pipe already holds a pending wake.
        _ = write(writeEnd, &byte, 1)
    }

    /// Empties the pipe (non-blocking), so its IN_MODIFY events stay one per wake.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(readEnd, &buffer, buffer.count) > 0 {}
    }
}
