import Foundation

/// Finding places by name, for places typed by a photographer ("Montreal, Quebec").
extension Gazetteer {
    /// Case and accents ignored: "montreal" finds "Montréal".
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .trimmingCharacters(in: .whitespaces)
    }

    /// Every place called `name` (case and accents ignored), most populous first.
    public func places(named name: String) -> [GazetteerPlace] {
        let wanted = Self.fold(name)
        let wantedBytes = Array(wanted.utf8)
        var found: [Int] = []
        for index in 0..<count {
            let start = Int(nameStarts[index]), end = Int(nameStarts[index + 1])
            var plain = true, same = end - start == wantedBytes.count
            for offset in 0..<(end - start) {
                let byte = names[start + offset]
                if byte >= 0x80 { plain = false; break }
                if same {
                    let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                    if lower != wantedBytes[offset] { same = false }
                }
            }
            // Plain ASCII names are compared byte by byte; only the others are folded.
            if plain ? same : Self.fold(self.name(index)) == wanted { found.append(index) }
        }
        return found.map(place).sorted { $0.population > $1.population }
    }

    /// The country a text names: its ISO code ("CA") or its name ("Canada", accents ignored).
    public func country(named text: String) -> (code: String, name: String)? {
        let wanted = Self.fold(text)
        return countries.first { Self.fold($0.code) == wanted || Self.fold($0.name) == wanted }
    }
}
