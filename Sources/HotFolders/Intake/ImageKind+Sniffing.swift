extension ImageKind {
    /// How many leading bytes `sniff` needs.
    static let sniffLength = 32

    /// The kind of image these leading bytes start, or nil for anything else. HEIF and AVIF are
    /// ISO-BMFF files told apart by the brand of their `ftyp` box. JPEG XL is either a bare
    /// codestream (FF 0A) or an ISO-BMFF container whose first box is the 12-byte `JXL ` signature.
    public static func sniff(_ head: some Collection<UInt8>) -> ImageKind? {
        let b = Array(head.prefix(sniffLength))
        func starts(_ bytes: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + bytes.count && Array(b[offset..<offset + bytes.count]) == bytes
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts([0xFF, 0x0A]) { return .jxl }
        if starts([0x00, 0x00, 0x00, 0x0C, 0x4A, 0x58, 0x4C, 0x20, 0x0D, 0x0A, 0x87, 0x0A]) { return .jxl }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts(Array("ftyp".utf8), at: 4), b.count >= 12 {
            let brand = String(decoding: b[8..<12], as: UTF8.self)
            if ["avif", "avis"].contains(brand) { return .avif }
            if ["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1"].contains(brand) {
                return .heif
            }
        }
        return nil
    }
}
