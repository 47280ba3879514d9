import Glibc

/// A failed system call, said with the path and the kernel's own words
/// ("cannot create outbox/A/web: No space left on device").
public struct SystemError: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var code: Int32

    public init(_ operation: String, _ path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var message: String { String(cString: strerror(code)) }
    public var description: String { "cannot \(operation) \(path): \(message)" }

    /// Out of space or quota: the photographer must free room; nothing is lost meanwhile.
    public var isDiskFull: Bool { code == ENOSPC || code == EDQUOT }
}
