import Exif
import Foundation
import Testing
import Vips
@testable import HotFolders

/// `metadata = "strip" | "web" | "keep"` as a photographer relies on it: every written output
/// read back from disk holds to its policy (the credit and date travel, the position never does
/// unless asked), the metadata comes from the original whatever image an output holds, and an
/// output that would break its policy is never written.
@Suite("MetadataPolicy")
struct MetadataPolicyTests {
    static let artist = "Ann Lee"
    static let copyright = "(C) 2024 Ann Lee"

    /// A real GPS photo (Nikon COOLPIX P6000: GPS, maker note, XMP, an EXIF preview) with the
    /// photographer's credit, serial numbers, an owner name and a UTC offset written into its
    /// EXIF by libvips: the tags a published photo should and should not carry, in one file.
    static func creditedPhoto(in dir: TemporaryDirectory) throws -> URL {
        let original = try VipsImage.open(path: Corpus.file("gps", "DSCN0010.jpg").path)
        let credited = try original.settingText([
            "exif-ifd0-Artist": artist,
            "exif-ifd0-Copyright": copyright,
            "exif-ifd2-OffsetTimeOriginal": "+02:00",
            "exif-ifd2-BodySerialNumber": "4010772",
            "exif-ifd2-LensSerialNumber": "LS-9911",
            "exif-ifd2-CameraOwnerName": "Ann Lee, 12 Rue des Lilas",
        ])
        let url = dir.path("DSCN0010.jpg")
        try Data(credited.encoded(as: .jpeg, quality: 92, stripMetadata: false)).write(to: url)
        // The fixture really has everything the tests look for.
        let facts = try MetadataReadBack(url)
        #expect(facts.text(.artist, in: .zero) == artist && facts.text(.copyright, in: .zero) == copyright)
        #expect(facts.text(.bodySerialNumber, in: .exif) == "4010772" && facts.text(.lensSerialNumber, in: .exif) == "LS-9911")
        #expect(facts.text(.cameraOwnerName, in: .exif) != nil && facts.text(.offsetTimeOriginal, in: .exif) == "+02:00")
        #expect(facts.exif?.entry(.makerNote, in: .exif) != nil && facts.hasXMP && facts.hasGPS)
        #expect(facts.exif?.hasEntries(in: .one) == true, "an EXIF preview")
        return url
    }

    /// An album of one photo through metadata, preprocess and derivatives, every output in
    /// `format` under `policy`; returns the written files.
    static func process(_ photo: URL, format: OutputFormat, policy: MetadataPolicy, label: String,
                        configure: (inout AlbumSettings) -> Void = { _ in }) async throws -> (TestWorkspace, [URL]) {
        var settings = AlbumSettings()
        settings.rules = [.metadata, .preprocess, .derivatives]
        settings.preprocess.format = format
        settings.preprocess.maxEdge = 512
        settings.preprocess.metadata = policy
        settings.derivatives.sizes = [256]
        settings.derivatives.formats = [format]
        settings.derivatives.metadata = policy
        configure(&settings)
        let ws = TestWorkspace(label, defaults: settings)
        try ws.drop(photo, album: "Trip")
        let (summary, outcomes) = try await ws.process()
        #expect(summary.processed == 1, "\(outcomes.map(\.1))")
        let outbox = ws.layout.outbox(album: "Trip")
        let files = ws.files(in: outbox).filter { !$0.hasSuffix(".json") }.map { outbox.appendingPathComponent($0) }
        #expect(files.count == 2, "\(files)")
        return (ws, files)
    }

    // MARK: - Each policy on every format, read back from disk

    @Test(.enabled(if: Corpus.available), arguments: OutputFormat.allCases)
    func stripWritesNoMetadataAtAll(_ format: OutputFormat) async throws {
        let dir = TemporaryDirectory("meta-strip")
        defer { withExtendedLifetime(dir) {} }
        let (ws, files) = try await Self.process(try Self.creditedPhoto(in: dir), format: format, policy: .strip, label: "meta-strip")
        defer { withExtendedLifetime(ws) {} }
        for file in files {
            let facts = try MetadataReadBack(file)
            // WebP too: libvips 8.14.1's webpsave ignores `strip` and would write them all.
            #expect(!facts.hasEXIFBlock && !facts.hasXMP && !facts.hasIPTC && !facts.hasICC,
                    "\(file.lastPathComponent): \(facts.fields.filter { !$0.hasPrefix("exif-ifd") })")
        }
    }

    @Test(.enabled(if: Corpus.available), arguments: OutputFormat.allCases)
    func webKeepsTheCreditAndDateButNeverThePositionSerialsOrMakerNote(_ format: OutputFormat) async throws {
        let dir = TemporaryDirectory("meta-web")
        defer { withExtendedLifetime(dir) {} }
        let (ws, files) = try await Self.process(try Self.creditedPhoto(in: dir), format: format, policy: .web, label: "meta-web")
        defer { withExtendedLifetime(ws) {} }
        for file in files {
            let name = "\(file.deletingLastPathComponent().lastPathComponent)/\(file.lastPathComponent)"
            let facts = try MetadataReadBack(file)
            #expect(facts.text(.artist, in: .zero) == Self.artist, "\(name)")
            #expect(facts.text(.copyright, in: .zero) == Self.copyright, "\(name)")
            #expect(facts.text(.dateTimeOriginal, in: .exif) == "2008:10:22 16:28:39", "\(name)")
            #expect(facts.text(.offsetTimeOriginal, in: .exif) == "+02:00", "\(name)")
            #expect(facts.text(.model, in: .zero) == "COOLPIX P6000", "\(name)")
            #expect(!facts.hasGPS, "\(name): \(facts.names(in: .gps))")
            let exifTags = facts.names(in: .exif) + facts.names(in: .zero)
            for left in ["MakerNote", "BodySerialNumber", "LensSerialNumber", "CameraOwnerName", "UserComment", "ImageDescription"] {
                #expect(!exifTags.contains(left), "\(name): \(left)")
            }
            #expect(facts.exif?.hasEntries(in: .one) == false, "\(name): no EXIF preview of the original")
            #expect(!facts.hasXMP && !facts.hasIPTC && !facts.hasICC, "\(name)")
            #expect(facts.orientation == nil || facts.orientation == 1, "\(name)")
        }
    }

    @Test(.enabled(if: Corpus.available), arguments: OutputFormat.allCases)
    func keepCarriesThePositionAndAllButTheStalePreview(_ format: OutputFormat) async throws {
        let dir = TemporaryDirectory("meta-keep")
        defer { withExtendedLifetime(dir) {} }
        let (ws, files) = try await Self.process(try Self.creditedPhoto(in: dir), format: format, policy: .keep, label: "meta-keep")
        defer { withExtendedLifetime(ws) {} }
        for file in files {
            let name = "\(file.deletingLastPathComponent().lastPathComponent)/\(file.lastPathComponent)"
            let facts = try MetadataReadBack(file)
            #expect(abs((facts.latitude ?? 0) - 43.467448) < 0.0001, "\(name): \(String(describing: facts.latitude))")
            #expect(facts.text(.artist, in: .zero) == Self.artist, "\(name)")
            #expect(facts.text(.bodySerialNumber, in: .exif) == "4010772", "\(name)")
            #expect(facts.exif?.entry(.makerNote, in: .exif) != nil, "\(name)")
            #expect(facts.hasXMP, "\(name)")
            #expect(facts.exif?.hasEntries(in: .one) == false, "\(name): the original's preview is not carried")
            #expect(facts.orientation == nil || facts.orientation == 1, "\(name)")
        }
    }

    /// A UTF-8 Artist and a Copyright with an editor part after its NUL, as the camera or the
    /// photographer's software wrote them: the `web` output carries the very same bytes (libvips
    /// rewrites a string tag from its field only when the field was changed, and then as ASCII).
    @Test(arguments: [OutputFormat.jpeg, .avif])
    func aCreditInAnyScriptIsPublishedByteForByte(_ format: OutputFormat) async throws {
        let dir = TemporaryDirectory("meta-utf8")
        defer { withExtendedLifetime(dir) {} }
        let artist = Array("Zoë Müller".utf8) + [0]
        let copyright = Array("© 2024 Zoë Müller".utf8) + [0] + Array("Studio Nord".utf8) + [0]
        let block = HandMadeEXIF.block(
            ifd0: [(ExifTag.artist.rawValue, .ascii(artist)), (ExifTag.copyright.rawValue, .ascii(copyright))],
            gps: [(ExifTag.gpsVersionID.rawValue, .bytes([2, 2, 0, 0])), (ExifTag.gpsLatitudeRef.rawValue, .ascii([0x4E, 0])),
                  (ExifTag.gpsLatitude.rawValue, .rationals([(59, 1), (54, 1), (3612, 100)])),
                  (ExifTag.gpsLongitudeRef.rawValue, .ascii([0x45, 0])),
                  (ExifTag.gpsLongitude.rawValue, .rationals([(10, 1), (45, 1), (1, 1)]))])
        let plain = try GeneratedImages.photoLike(width: 640, height: 480).encoded(as: .jpeg, quality: 90, stripMetadata: true)
        let url = dir.path("oslo.jpg")
        try Data(HandMadeEXIF.jpeg(plain, with: block)).write(to: url)
        let original = try MetadataReadBack(url)
        #expect(original.exif?.entry(.artist, in: .zero)?.bytes == artist && abs((original.latitude ?? 0) - 59.91) < 0.01)

        let (ws, files) = try await Self.process(url, format: format, policy: .web, label: "meta-utf8")
        defer { withExtendedLifetime(ws) {} }
        for file in files {
            let facts = try MetadataReadBack(file)
            #expect(facts.exif?.entry(.artist, in: .zero)?.bytes == artist, "\(file.lastPathComponent)")
            #expect(facts.exif?.entry(.copyright, in: .zero)?.bytes == copyright, "\(file.lastPathComponent)")
            #expect(!facts.hasGPS)
        }
    }

    // MARK: - Orientation, offsets, styles, overrides

    @Test(.enabled(if: Corpus.available), arguments: [("cameras", "Sony_Cybershot_3.jpg"), ("cameras", "Canon_PowerShot_A85.jpg"),
                                                      ("gps", "Apple_iPhone_5.jpg"), ("gps", "Issue_263_dotnet.heic")])
    func turnedPhotosAreNeverPublishedWithATurn(_ folder: String, _ file: String) async throws {
        for policy in [MetadataPolicy.web, .keep] {
            let (ws, files) = try await Self.process(Corpus.file(folder, file), format: .jpeg, policy: policy, label: "meta-turn")
            defer { withExtendedLifetime(ws) {} }
            for output in files {
                let facts = try MetadataReadBack(output)
                #expect(facts.hasEXIFBlock, "\(file) \(policy): the credit and date are there to keep")
                #expect(facts.orientation == nil || facts.orientation == 1, "\(file) \(policy): \(String(describing: facts.orientation))")
                #expect(try VipsHeader(path: output.path).orientation == 1)
            }
        }
    }

    @Test(.enabled(if: Corpus.available))
    func aPhonesOffsetFromUTCTravelsWithTheWebOutputButItsPositionDoesNot() async throws {
        let (ws, files) = try await Self.process(Corpus.file("gps", "HMD_Nokia_8.3_5G.jpg"), format: .webp, policy: .web, label: "meta-phone")
        defer { withExtendedLifetime(ws) {} }
        let original = try MetadataReadBack(Corpus.file("gps", "HMD_Nokia_8.3_5G.jpg"))
        #expect(original.hasGPS && original.text(.offsetTimeOriginal, in: .exif) == "+03:00")
        for file in files {
            let facts = try MetadataReadBack(file)
            #expect(facts.text(.offsetTimeOriginal, in: .exif) == "+03:00")
            #expect(facts.text(.dateTimeOriginal, in: .exif) == original.text(.dateTimeOriginal, in: .exif))
            #expect(facts.text(.subSecTimeOriginal, in: .exif) == original.text(.subSecTimeOriginal, in: .exif))
            #expect(!facts.hasGPS)
        }
    }

    /// A built-in look, and a generator whose result file carries another photo's GPS position
    /// (Paris): both outputs take their metadata from the original (Tuscany), never from the
    /// image they hold; `metadata_by_variant` gives the generator's style `keep`.
    @Test(.enabled(if: Corpus.available))
    func styleOutputsTakeTheirMetadataFromTheOriginal() async throws {
        let ws = TestWorkspace("meta-style")
        let stranger = Corpus.file("gps", "FujiFilm_FinePixS2Pro.jpg")
        #expect(abs((try MetadataReadBack(stranger).latitude ?? 0) - 48.857833) < 0.0001)
        try #"{"Stranger": {"prompt": "another photo"}}"#.write(to: ws.dir.path("styles.json"), atomically: false, encoding: .utf8)
        try ws.configure("""
            styles_file = \(TOMLReader.quoted(ws.dir.path("styles.json").path))
            [generators.copy]
            type = "command"
            command = ["cp", \(TOMLReader.quoted(stranger.path)), "{output}"]
            retries = 0
            [defaults]
            rules = ["metadata", "preprocess", "style"]
            styles = ["sepia", "Stranger"]
            metadata_by_variant = { Stranger = "keep" }
            [defaults.preprocess]
            max_edge = 512
            format = "jpeg"
            """)
        try ws.drop(try Self.creditedPhoto(in: ws.dir), album: "Trip")
        let (summary, _) = try await ws.process()
        #expect(summary.processed == 1)
        let outbox = ws.layout.outbox(album: "Trip")
        #expect(ws.files(in: outbox) == ["Stranger/DSCN0010.jpg", "sepia/DSCN0010.jpg", "web/DSCN0010.jpg"])

        let sepia = try MetadataReadBack(outbox.appendingPathComponent("sepia/DSCN0010.jpg"))
        #expect(sepia.text(.artist, in: .zero) == Self.artist && sepia.text(.copyright, in: .zero) == Self.copyright)
        #expect(!sepia.hasGPS && sepia.exif?.entry(.bodySerialNumber, in: .exif) == nil)

        let styled = try MetadataReadBack(outbox.appendingPathComponent("Stranger/DSCN0010.jpg"))
        #expect(abs((styled.latitude ?? 0) - 43.467448) < 0.0001, "the original's position, not the generator file's")
        #expect(styled.text(.artist, in: .zero) == Self.artist && styled.text(.model, in: .zero) == "COOLPIX P6000")
    }

    @Test(.enabled(if: Corpus.available))
    func metadataByVariantOverridesTheRulesPolicyForThatOutputOnly() async throws {
        let dir = TemporaryDirectory("meta-override-src")
        defer { withExtendedLifetime(dir) {} }
        let (ws, _) = try await Self.process(try Self.creditedPhoto(in: dir), format: .webp,
                                             policy: .strip, label: "meta-override") { settings in
            settings.metadataByVariant = ["web": .keep, "256": .web]
        }
        let outbox = ws.layout.outbox(album: "Trip")
        let web = try MetadataReadBack(outbox.appendingPathComponent("web/DSCN0010.webp"))
        let small = try MetadataReadBack(outbox.appendingPathComponent("256/DSCN0010.webp"))
        #expect(web.hasGPS && web.hasXMP)
        #expect(small.text(.artist, in: .zero) == Self.artist && !small.hasGPS && !small.hasXMP)
    }

    @Test func metadataByVariantIsATableOfPolicies() throws {
        func load(_ toml: String) throws -> Configuration {
            try Configuration.decode(toml: "root = \"/r\"\n" + toml, source: URL(fileURLWithPath: "/etc/hf.toml"),
                                     environment: ["HOME": "/home/ann"], currentDirectory: URL(fileURLWithPath: "/"))
        }
        let config = try load("""
            [defaults]
            metadata_by_variant = { web = "keep", "256" = "strip" }
            [album."Public"]
            metadata_by_variant = { Watercolor = "web" }
            """)
        #expect(config.defaults.metadataByVariant == ["web": .keep, "256": .strip])
        // An album's table replaces the defaults' one, like any other key.
        #expect(config.settings(forAlbum: "Public").metadataByVariant == ["Watercolor": .web])
        #expect(config.defaults.summaryLines.contains(#"metadata_by_variant = { 256 = "strip", web = "keep" }"#))
        #expect(!AlbumSettings().summaryLines.contains { $0.hasPrefix("metadata_by_variant") }, "shown only when set")

        let override = config.defaults.encoding(Encoding(format: .webp, quality: 90, metadata: .web), forVariant: "web")
        #expect(override.metadata == .keep)
        #expect(config.defaults.encoding(Encoding(format: .webp, quality: 90, metadata: .web), forVariant: "512").metadata == .web)

        #expect(throws: (any Error).self) { try load("[defaults]\nmetadata_by_variant = { web = \"all\" }") }
        let typo = try #require(throws: (any Error).self) { try load("[defaults]\nmetadata_by_variant = { web = \"kep\" }") }
        #expect("\(typo)".contains(#"web: expected one of "strip", "web", "keep", found "kep" (did you mean "keep"?)"#), "\(typo)")
        #expect(throws: (any Error).self) { try load("[defaults]\nmetadata_by_variant = \"web\"") }
    }

    @Test func defaultsPublishTheCreditOnWebAndNothingOnThumbnails() {
        let settings = AlbumSettings()
        #expect(settings.preprocess.metadata == .web)
        #expect(settings.style.encoding(with: settings.preprocess).metadata == .web)
        #expect(settings.derivatives.metadata == .strip)
        #expect(settings.metadataByVariant.isEmpty)
    }

    // MARK: - The check itself

    /// The credited photo encoded with all its metadata, as libvips would write it if nothing
    /// chose for it: what the check must refuse under `web` and `strip`.
    static func unfiltered(_ format: OutputFormat, dir: TemporaryDirectory) throws -> (bytes: [UInt8], source: VipsImage) {
        var settings = PreprocessSettings()
        settings.maxEdge = 256
        let source = try PreprocessRule(settings: settings).prepare(path: try creditedPhoto(in: dir).path)
        return (try source.encoded(as: format.saveFormat, quality: 80, stripMetadata: false), source)
    }

    @Test(.enabled(if: Corpus.available), arguments: [OutputFormat.jpeg, .avif, .png])
    func theCheckRefusesAWebOutputThatWouldPublishThePosition(_ format: OutputFormat) throws {
        let (bytes, source) = try Self.unfiltered(format, dir: TemporaryDirectory("meta-check"))
        let check = MetadataCheck(policy: .web, format: format)
        let error = try #require(throws: RuleError.self) {
            try check.verify(bytes, source: MetadataCheck.Source(source), output: "web")
        }
        #expect(error.reason == #"the web output would have published the photo's GPS position (metadata = "web"); it was not written"#)
        for named in ["serial number (BodySerialNumber)", "MakerNote", "CameraOwnerName", "XMP", "EXIF preview"] {
            #expect(error.detail?.contains(named) == true, "\(named): \(error.detail ?? "")")
        }
        // The same bytes are what `keep` wants.
        try MetadataCheck(policy: .keep, format: format).verify(bytes, source: MetadataCheck.Source(source), output: "web")
        #expect(throws: RuleError.self) {
            try MetadataCheck(policy: .strip, format: format).verify(bytes, source: MetadataCheck.Source(source), output: "256")
        }
    }

    @Test(.enabled(if: Corpus.available))
    func theCheckRefusesLostMetadataUnderKeepAndATurnUnderAnyPolicy() throws {
        let dir = TemporaryDirectory("meta-check-keep")
        defer { withExtendedLifetime(dir) {} }
        let (_, source) = try Self.unfiltered(.jpeg, dir: dir)
        let bare = try source.encoded(as: .jpeg, quality: 80, stripMetadata: true)
        let lost = try #require(throws: RuleError.self) {
            try MetadataCheck(policy: .keep, format: .jpeg).verify(bare, source: MetadataCheck.Source(source), output: "web")
        }
        #expect(lost.reason.contains("would have lost the photo's EXIF metadata"))

        let turned = try GeneratedImages.gradient(width: 64, height: 48).withOrientation(6)
            .encoded(as: .jpeg, quality: 80, stripMetadata: false)
        let turn = try #require(throws: RuleError.self) {
            try MetadataCheck(policy: .web, format: .jpeg).verify(turned, source: MetadataCheck.Source(nil), output: "web")
        }
        #expect(turn.reason.contains("turn the upright photo again (Orientation 6)"))
    }

    /// Through `Encoding`: a source whose EXIF fields no longer match its EXIF block (a rule
    /// changed the Copyright field) makes an output whose credit differs from the original's,
    /// and the encoder refuses it rather than return the bytes.
    @Test(.enabled(if: Corpus.available))
    func encodingThrowsRatherThanReturnAnOutputThatBreaksItsPolicy() throws {
        var settings = PreprocessSettings()
        settings.maxEdge = 256
        let dir = TemporaryDirectory("meta-enc")
        defer { withExtendedLifetime(dir) {} }
        let source = try PreprocessRule(settings: settings).prepare(path: try Self.creditedPhoto(in: dir).path)
        let changed = try source.settingText(["exif-ifd0-Copyright": "someone else"])
        let error = try #require(throws: RuleError.self) {
            try Encoding(format: .jpeg, quality: 80, metadata: .web).encode(source, metadataFrom: changed, output: "web")
        }
        #expect(error.reason == #"the web output would have lost or changed the photo's Copyright (metadata = "web"); it was not written"#)
        // With the source as preprocess made it, the same call succeeds.
        let bytes = try Encoding(format: .jpeg, quality: 80, metadata: .web).encode(source, metadataFrom: source, output: "web")
        #expect(try MetadataReadBack(bytes: bytes).text(.copyright, in: .zero) == Self.copyright)
    }

    @Test(.enabled(if: Corpus.available))
    func webpStripReallyStripsDespiteLibvips() throws {
        let dir = TemporaryDirectory("meta-webp")
        defer { withExtendedLifetime(dir) {} }
        let image = try VipsImage.open(path: try Self.creditedPhoto(in: dir).path).inMemory()
        let bytes = try image.encoded(as: .webp, quality: 80, stripMetadata: true)
        let facts = try MetadataReadBack(bytes: bytes)
        #expect(!facts.hasEXIFBlock && !facts.hasXMP && !facts.hasICC, "\(facts.fields)")
        // Only the chunks went: the picture is the very one libvips encoded with its metadata.
        let decoded = try VipsImage.decode(bytes)
        let unstripped = try VipsImage.decode(image.encoded(as: .webp, quality: 80, stripMetadata: false))
        #expect(decoded.width == image.width && decoded.height == image.height)
        #expect(try decoded.meanAbsoluteDifference(to: unstripped) == 0)
    }
}
