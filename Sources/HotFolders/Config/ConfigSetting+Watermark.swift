import Foundation
import TOMLKit
import Vips

// Kinds of value the watermark table needs: fractions and angles, colours, an anchor or
// "beside the text", files that must exist and a list of variants (the template is the
// rename settings' kind).
extension ConfigSetting {
    /// A number (integer or decimal) within `range`.
    static func number(_ name: String, _ field: WritableKeyPath<Root, Double> & Sendable, in range: ClosedRange<Double>,
                       expected: String) -> ConfigSetting {
        .field(name, field, read: { value, _ in
            let full = "\(expected) from \(Self.shown(range.lowerBound)) to \(Self.shown(range.upperBound))"
            guard let number = value.double ?? value.int.map(Double.init), range.contains(number) else {
                throw ValueProblem(expected: full, found: TOMLReader.describe(value))
            }
            return number
        }, show: { Self.shown($0) })
    }

    /// `"#RRGGBB"` (or `"#RGB"`).
    static func rgbColor(_ name: String, _ field: WritableKeyPath<Root, RGBColor> & Sendable) -> ConfigSetting {
        .field(name, field, read: { value, _ in
            let expected = ##"a colour written "#RRGGBB", such as "#FFFFFF" for white"##
            guard let text = value.string else { throw ValueProblem(expected: expected, found: TOMLReader.describe(value)) }
            guard let color = RGBColor(hex: text) else {
                let suggestion = RGBColor(hex: "#" + text).map { TOMLReader.quoted($0.description) }
                throw ValueProblem(expected: expected, found: TOMLReader.describe(value), suggestion: suggestion)
            }
            return color
        }, show: { TOMLReader.quoted($0.description) })
    }

    /// One of the nine anchors, or `besideName` (stored as nil).
    static func anchor(_ name: String, _ field: WritableKeyPath<Root, Anchor?> & Sendable, besideName: String) -> ConfigSetting {
        .field(name, field, read: { value, _ in
            if value.string == besideName { return nil }
            let names = [besideName] + Anchor.allCases.map(\.rawValue)
            let expected = "one of " + names.map(TOMLReader.quoted).joined(separator: ", ")
            guard let text = value.string else { throw ValueProblem(expected: expected, found: TOMLReader.describe(value)) }
            guard let anchor = Anchor(rawValue: text) else {
                throw ValueProblem(expected: expected, found: TOMLReader.describe(value),
                                   suggestion: KeySuggestion.closest(to: text, among: names).map(TOMLReader.quoted))
            }
            return anchor
        }, show: { TOMLReader.quoted($0?.rawValue ?? besideName) })
    }

    /// A file that exists and that libvips can open as an image (a logo): `~` and `${VAR}`
    /// expanded, relative to the current directory. Checked once here so a typo stops the
    /// agent at start-up rather than failing every photo.
    static func imageFile(_ name: String, _ field: WritableKeyPath<Root, URL?> & Sendable, unset: String) -> ConfigSetting {
        .field(name, field, read: { value, context in
            let text = try TOMLReader.string(value, expected: "a path to an image file (a PNG with transparency)")
            let url = try PathExpansion.expand(text, in: context)
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                throw ValueProblem("\(TOMLReader.quoted(url.path)) does not exist or cannot be read")
            }
            do {
                _ = try VipsHeader(path: url.path)
            } catch {
                throw ValueProblem("\(TOMLReader.quoted(url.path)) is not an image libvips can open (\(error))")
            }
            return url
        }, show: { $0.map { TOMLReader.quoted($0.path) } ?? unset })
    }

    /// A file that exists and can be read (a font file).
    static func readableFile(_ name: String, _ field: WritableKeyPath<Root, URL?> & Sendable, expected: String,
                             unset: String) -> ConfigSetting {
        .field(name, field, read: { value, context in
            let url = try PathExpansion.expand(try TOMLReader.string(value, expected: expected), in: context)
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                throw ValueProblem("\(TOMLReader.quoted(url.path)) does not exist or cannot be read")
            }
            return url
        }, show: { $0.map { TOMLReader.quoted($0.path) } ?? unset })
    }


    /// A non-empty list of distinct names; an empty field (the default) shows as `unset`.
    static func nameSet(_ name: String, _ field: WritableKeyPath<Root, [String]> & Sendable, expected: String,
                        unset: String) -> ConfigSetting {
        .field(name, field, read: { value, _ in
            let names = try TOMLReader.stringList(value, expected: expected) { _ in nil }
            guard !names.isEmpty else {
                throw ValueProblem("an empty list marks nothing; leave the key out to mark every output (\(expected))")
            }
            if let twice = names.enumerated().first(where: { names[..<$0.offset].contains($0.element) })?.element {
                throw ValueProblem("\(TOMLReader.quoted(twice)) is listed twice; expected \(expected)")
            }
            return names
        }, show: { $0.isEmpty ? unset : "[" + $0.map(TOMLReader.quoted).joined(separator: ", ") + "]" })
    }

    /// 0.035, 1, -30: no trailing ".0", no float noise.
    static func shown(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e9 { return String(Int(number)) }
        return String(format: "%g", number)
    }
}
