/// What is wrong with one value, before it is known where in which file the value sits; the
/// section walker adds the file and key path to make a `ConfigError` of it.
struct ValueProblem: Error, Sendable {
    var message: String

    init(_ message: String) { self.message = message }

    /// `expected an integer from 1 to 100, found "high"`, with a hint when one is close.
    init(expected: String, found: String, suggestion: String? = nil) {
        message = "expected \(expected), found \(found)"
        if let suggestion { message += " (did you mean \(suggestion)?)" }
    }
}
