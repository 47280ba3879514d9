import Glibc

/// A file or folder name as the kernel holds it: bytes, which need not be valid UTF-8 (old
/// cameras, FAT cards and SMB shares write Latin-1 names such as `caf\xE9.jpg`). Swift's
/// `String` and Foundation's paths cannot carry such a name (they replace or drop the bytes),
/// so a name is looked at as bytes first and only then, when it is valid, as text.
public struct FileName: Sendable, Hashable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The bytes of a NUL-terminated name (a `d_name`, an inotify event's name).
    public init(cString: UnsafePointer<CChar>) {
        bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(cString).assumingMemoryBound(to: UInt8.self),
                                          count: strlen(cString)))
    }

    /// The name as text, or nil when it is not valid UTF-8 (no `String` can name that file).
    public var string: String? { String(validating: bytes, as: UTF8.self) }

    /// The name for people and for the event log: valid UTF-8 as it is, each byte of an invalid
    /// sequence as `\xE9` (a replacement character would make `caf\xE9` and `caf\xE8` read
    /// alike), so the event line stays valid JSON and says which byte to fix.
    public var display: String {
        var text = ""
        var rest = bytes[...]
        var parser = Unicode.UTF8.ForwardParser()
        while !rest.isEmpty {
            var iterator = rest.makeIterator()
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                text.unicodeScalars.append(Unicode.UTF8.decode(encoded))
                rest = rest.dropFirst(encoded.count)
            case .error(let length):
                for byte in rest.prefix(length) { text += "\\x" + hex(byte) }
                rest = rest.dropFirst(length)
            case .emptyInput:
                rest = []
            }
            parser = Unicode.UTF8.ForwardParser()
        }
        return text
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
