import Foundation
import Testing
@testable import HotFolders

/// A photo whose EXIF has no capture date (an old scan): its file's date is when it was copied,
/// so neither the year nor the zodiac sign of a mark or a name may come from it, unless
/// `year_fallback` says otherwise; `show` says what it gets.
@Suite struct UndatedPhotoTests {
    /// A photo whose only time is the file's: copied on 2026-12-03, which is in Sagittarius.
    static func copiedScan() -> PhotoWork {
        var photo = PhotoWork(source: URL(fileURLWithPath: "/nowhere/scan 7.jpg"), album: "Scans", originalName: "scan 7.jpg",
                              kind: .jpeg)
        var metadata = PhotoMetadata()
        let copied = LocalDateTime(year: 2026, month: 12, day: 3, hour: 14)
        metadata.capture = CaptureTime(origin: .fileModified, camera: nil, local: copied, utc: Date(), utcOffset: 0,
                                       timeZone: "UTC", source: .file)
        metadata.zodiac = .sagittarius  // as a catalog row written before this rule may hold it
        metadata.place = Place(name: "Montréal", region: "Quebec", source: .albumOverride)
        photo.metadata = metadata
        photo.sha256 = String(repeating: "ab", count: 32)
        return photo
    }

    @Test func theMarkAndTheNameTakeNoYearOrSignFromTheFileDate() throws {
        let photo = Self.copiedScan()
        var mark = WatermarkSettings()
        mark.owner = "Ann Lee"
        #expect(WatermarkRule(settings: mark).text(for: photo) == "Ann Lee © Montréal")
        #expect(WatermarkRule(settings: mark, yearFallback: .year(2019)).text(for: photo) == "Ann Lee © 2019 Montréal")
        #expect(WatermarkRule(settings: mark, yearFallback: .file).text(for: photo) == "Ann Lee © 2026 Montréal")

        var rename = RenameSettings()
        rename.template = try TextTemplate(parsing: "{album}_{year}{month}{day}_{seq}")
        rename.keepMeaningful = false
        #expect(RenameRule(settings: rename).wantedStem(for: photo)(1) == "scans_7")
        #expect(RenameRule(settings: rename, yearFallback: .year(2019)).wantedStem(for: photo)(1) == "scans_2019_7")
        #expect(RenameRule(settings: rename, yearFallback: .file).wantedStem(for: photo)(1) == "scans_20261203_7")
    }

    @Test func aScanReadByTheMetadataRuleHasNoSignAndNoYear() async throws {
        let dir = TemporaryDirectory("undated")
        let scan = try GeneratedImages.writeJPEG(GeneratedImages.gradient(width: 64, height: 48), to: dir.path("scan.jpg"))
        let metadata = await MetadataRule(settings: MetadataSettings()).read(scan, kind: .jpeg, sha256: nil, catalog: nil)
        #expect(metadata.capture?.origin == .fileModified)
        var photo = PhotoWork(source: scan, album: "Scans", originalName: "scan.jpg", kind: .jpeg)
        photo.metadata = metadata
        let tokens = PhotoTokens(photo)
        #expect(tokens.value(of: "zodiac") == nil && tokens.value(of: "zodiac_name") == nil && tokens.value(of: "year") == nil)
        #expect(!metadata.reportLines().contains { $0.hasPrefix("zodiac") }, "\(metadata.reportLines())")
    }

    @Test func yearFallbackIsReadFromTheConfig() throws {
        let dir = TemporaryDirectory("undated-config")
        try FileManager.default.createDirectory(at: dir.path("root"), withIntermediateDirectories: true)
        for (written, expected) in [("\"none\"", YearFallback.none), ("\"file\"", .file), ("\"2019\"", .year(2019)), ("2019", .year(2019))] {
            let config = dir.path("c.toml")
            try """
                root = "\(dir.path("root").path)"
                [defaults.metadata]
                year_fallback = \(written)
                """.write(to: config, atomically: false, encoding: .utf8)
            #expect(try Configuration.load(from: config).defaults.metadata.yearFallback == expected, "\(written)")
        }
        let bad = dir.path("bad.toml")
        try "root = \"\(dir.path("root").path)\"\n[defaults.metadata]\nyear_fallback = \"copy\"\n"
            .write(to: bad, atomically: false, encoding: .utf8)
        #expect(throws: (any Error).self) { try Configuration.load(from: bad) }
    }

    @Test func showSaysTheYearAPhotoWithoutCaptureDateGets() throws {
        let (ws, config) = try PlaceOverrideTests.workspace("show-undated", album: """
            [album."Scans"]
            rules = ["metadata", "preprocess", "rename", "watermark"]
            [album."Scans".watermark]
            owner = "Ann Lee"
            [album."Dated"]
            rules = ["metadata", "preprocess", "watermark"]
            [album."Dated".metadata]
            year_fallback = "2019"
            [album."Dated".watermark]
            owner = "Ann Lee"
            """)
        let scan = try GeneratedImages.writeJPEG(GeneratedImages.gradient(width: 64, height: 48), to: ws.dir.path("scan.jpg"))

        let plain = try CommandLineTool.run(["show", "--config", config.path, "--album", "Scans", scan.path],
                                            logs: ws.dir.path("plain"))
        #expect(plain.status == 0, "\(plain.err)")
        #expect(plain.out.contains("year          none (no capture date; no zodiac sign)"), "\(plain.out)")
        #expect(plain.out.contains("mark          \"Ann Lee ©\""), "\(plain.out)")
        #expect(!plain.out.contains("zodiac   "), "\(plain.out)")

        let dated = try CommandLineTool.run(["show", "--config", config.path, "--album", "Dated", scan.path],
                                            logs: ws.dir.path("dated"))
        #expect(dated.status == 0, "\(dated.err)")
        #expect(dated.out.contains("year          2019 (year_fallback: no capture date; no zodiac sign)"), "\(dated.out)")
        #expect(dated.out.contains("mark          \"Ann Lee © 2019\""), "\(dated.out)")
    }
}
