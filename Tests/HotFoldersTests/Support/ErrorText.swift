/// The whole message of the error `body` throws, or `none` when it throws nothing: how the
/// config tests compare what a photographer reads for a bad file, one string per case.
func errorText(or none: String, _ body: () throws -> Void) -> String {
    do {
        try body()
        return none
    } catch {
        return "\(error)"
    }
}
