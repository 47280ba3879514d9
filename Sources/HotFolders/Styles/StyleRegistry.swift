import Foundation

/// Every style an album can name: the built-in looks, then the styles file's entries, then the
/// configuration's own `[styles.<Name>]` tables, a later definition replacing an earlier one of
/// the same name. `hotfolders styles` lists it.
public struct StyleRegistry: Sendable, Equatable {
    public private(set) var styles: [String: Style] = [:]

    /// Only the built-in looks, each with its default parameters.
    public static let builtIn: StyleRegistry = {
        var registry = StyleRegistry()
        for look in Look.allCases {
            registry.add(Style(name: look.rawValue, source: .builtIn, kind: .look(LookSettings(look)),
                               fields: ["look": .text(look.rawValue)]))
        }
        return registry
    }()

    public init() {}

    public subscript(name: String) -> Style? { styles[name] }

    /// Style names, sorted without regard to case.
    public var names: [String] {
        styles.keys.sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }
    }

    /// Every style in name order.
    public var all: [Style] { names.map { styles[$0]! } }

    public mutating func add(_ style: Style) {
        styles[style.name] = style
    }
}
