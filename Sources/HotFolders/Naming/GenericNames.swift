/// The names cameras and phones give on their own (`IMG_1234`, `DSCN0010`, `PXL_20240105_101530123`,
/// `P1010001`), as opposed to a name a photographer chose ("sunset over the lake"): the rename rule
/// replaces the first kind and keeps the second.
///
/// Each pattern is a prefix, compared without regard to case, that must be followed by a number:
/// the rest of the name may hold only digits, spaces and `_ - . ( )`, with at least one digit
/// ("IMG_" covers "IMG_1234", "img_1234 (2)" and "IMG_20240105_101530"). A pattern ending in `*`
/// takes any rest ("Screenshot*"). A name of only digits is always generic.
public struct GenericNames: Sendable, Equatable {
    public var patterns: [String]

    public init(patterns: [String]) {
        self.patterns = patterns
    }

    /// Canon, Nikon, Sony, Fujifilm, Panasonic (P1010001), Pixel, iPhone and Android phones,
    /// GoPro, DJI, and screenshots.
    public static let standard = GenericNames(patterns: [
        "IMG_", "IMG-", "IMG_E", "DSC_", "DSC0", "DSCN", "DSCF", "_DSC", "DSCI", "PXL_", "P", "PICT", "CIMG", "SAM_",
        "GOPR", "GX", "GH", "DJI_", "MVIMG_", "PANO_", "VID_", "Screenshot*", "Screen Shot*", "WhatsApp Image*",
    ])

    /// What is wrong with one configured pattern, or nil.
    static func patternProblem(_ pattern: String) -> String? {
        if pattern.contains("/") { return "contains '/'; patterns match the start of a file name, not a path" }
        if pattern.dropLast().contains("*") { return "has a '*' before its end; only a trailing '*' (any rest) is understood" }
        if pattern == "*" { return "would make every name generic; set keep_meaningful = false instead" }
        return nil
    }

    /// Characters that may follow a generic prefix besides digits.
    private static let joiners: Set<Character> = [" ", "_", "-", ".", "(", ")"]

    /// Whether `stem` (a file name without its extension or folder) is one a device made.
    public func isGeneric(_ stem: String) -> Bool {
        if Self.isNumber(stem) { return true }
        return patterns.contains { pattern in
            if pattern.hasSuffix("*") {
                return stem.lowercased().hasPrefix(pattern.dropLast().lowercased())
            }
            guard !pattern.isEmpty, stem.count > pattern.count, stem.lowercased().hasPrefix(pattern.lowercased()) else { return false }
            return Self.isNumber(stem.dropFirst(pattern.count))
        }
    }

    /// The number of a generic name, its runs of digits joined by `_` and leading zeros kept
    /// ("DSCN0010" -> "0010", "PXL_20240105_101530123" -> "20240105_101530123"); nil for a
    /// name that is not generic.
    public func number(in stem: String) -> String? {
        isGeneric(stem) ? Self.digitRuns(stem).joined(separator: "_") : nil
    }

    /// The runs of ASCII digits in `text`, in order.
    static func digitRuns(_ text: String) -> [String] {
        text.split(whereSeparator: { (character: Character) in !(character.isASCII && character.isNumber) }).map(String.init)
    }

    /// Digits and joiners, with at least one digit.
    private static func isNumber(_ text: some StringProtocol) -> Bool {
        text.contains { $0.isASCII && $0.isNumber } && text.allSatisfy { ($0.isASCII && $0.isNumber) || joiners.contains($0) }
    }
}
