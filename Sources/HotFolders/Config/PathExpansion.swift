import Foundation

/// A path value made absolute: `~` and `~user` at the start, `${VAR}` anywhere, then relative
/// paths resolved against the current directory. An unset variable is an error that names it,
/// because silently expanding it to nothing would point the agent at the wrong folder.
enum PathExpansion {
    static func expand(_ raw: String, in context: ConfigContext) throws(ValueProblem) -> URL {
        let path = try expandTilde(try expandVariables(raw, in: context), in: context)
        guard !path.isEmpty else {
            throw ValueProblem(expected: "a path", found: "\(TOMLReader.quoted(raw)), which is empty once expanded")
        }
        let url = path.hasPrefix("/")
            ? URL(fileURLWithPath: path)
            : context.currentDirectory.appendingPathComponent(path)
        return url.standardizedFileURL
    }

    /// `${VAR}` replaced by its value; a `$` not followed by `{` is kept as it is.
    static func expandVariables(_ raw: String, in context: ConfigContext) throws(ValueProblem) -> String {
        var out = ""
        var rest = Substring(raw)
        while let dollar = rest.range(of: "${") {
            out += rest[..<dollar.lowerBound]
            guard let close = rest[dollar.upperBound...].firstIndex(of: "}") else {
                throw ValueProblem("\(TOMLReader.quoted(raw)) has a '${' without its closing '}'")
            }
            let name = String(rest[dollar.upperBound..<close])
            guard !name.isEmpty else { throw ValueProblem("\(TOMLReader.quoted(raw)) has an empty '${}'") }
            guard let value = context.environment[name] else {
                throw ValueProblem("${\(name)} is not set in the environment (used in \(TOMLReader.quoted(raw)))")
            }
            out += value
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// `~` or `~/x` is the home folder; `~user/x` is that account's home folder.
    static func expandTilde(_ path: String, in context: ConfigContext) throws(ValueProblem) -> String {
        guard path.hasPrefix("~") else { return path }
        let slash = path.firstIndex(of: "/") ?? path.endIndex
        let user = String(path[path.index(after: path.startIndex)..<slash])
        let home: String
        if user.isEmpty {
            home = context.home
        } else {
            guard let dir = homeDirectory(ofUser: user) else {
                throw ValueProblem("\(TOMLReader.quoted(path)) names an unknown user '\(user)'")
            }
            home = dir
        }
        return home + path[slash...]
    }

    /// getpwnam_r, not getpwnam: tests load configs in parallel and getpwnam shares one buffer.
    private static func homeDirectory(ofUser user: String) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        return buffer.withUnsafeMutableBufferPointer { storage -> String? in
            let status = getpwnam_r(user, &entry, storage.baseAddress!, storage.count, &result)
            guard status == 0, result != nil, let dir = entry.pw_dir else { return nil }
            return String(cString: dir)
        }
    }
}
