import Foundation

// STUB: the config helper implements loading and validation.

extension Configuration {
    /// `$XDG_CONFIG_HOME/hotfolders/hotfolders.toml`, else `~/.config/hotfolders/hotfolders.toml`.
    public static var defaultLocation: URL { fatalError("todo") }

    /// Reads, expands (`~`, `${VAR}`) and validates a config file. Throws `ConfigError`.
    public static func load(from url: URL, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Configuration {
        fatalError("todo")
    }
}

/// A configuration problem, said with the file, the key path and what was expected:
/// `hotfolders.toml: defaults.preprocess.max_egde: unknown key (did you mean 'max_edge'?)`.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var keyPath: String?
    public var message: String

    public init(file: String, keyPath: String?, message: String) {
        self.file = file
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        if let keyPath { return "\(file): \(keyPath): \(message)" }
        return "\(file): \(message)"
    }
}
