import Foundation
import Testing
@testable import HotFolders

/// Capture time: local and UTC, and how they were found (the camera's offset, the zone at the
/// GPS position with daylight saving as it was on that date, the album's zone, or nothing),
/// the album's camera clock correction, and the zodiac sign of the local date.
@Suite struct CaptureTimeTests {
    static func read(_ folder: String, _ file: String, settings: MetadataSettings = MetadataSettings(),
                     now: Date = Date()) async throws -> PhotoMetadata {
        let url = Corpus.file(folder, file)
        let kind = try #require(try Inspection.of(url).kind)
        return await MetadataRule(settings: settings).read(url, kind: kind, sha256: nil, catalog: nil, now: now)
    }

    static func utc(_ text: String) -> Date { Timestamp.date(from: text)! }

    /// The same instant to the millisecond (dates computed by a calendar carry binary fractions).
    static func same(_ date: Date?, _ text: String) -> Bool {
        guard let date else { return false }
        return abs(date.timeIntervalSince(utc(text))) < 0.001
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func offsetTaggedPhotosGetUTCFromTheirOffset() async throws {
        let cases: [(String, String, String, String)] = [
            ("cameras", "IMG_2927.HEIC", "2020-05-04T22:39:11.644Z", "-04:00"),
            ("cameras", "Issue_437_dotnet.heic", "2025-05-09T09:38:44", "+02:00"),
            ("cameras", "iphone_13_pro_max.heic", "2022-02-16T11:55:41", "+01:00"),
            ("gps", "HMD_Nokia_8.3_5G.jpg", "2022-08-14T11:12:31", "+03:00"),
        ]
        for (folder, file, expected, offset) in cases {
            let capture = try #require(try await Self.read(folder, file).capture, "\(file)")
            #expect(capture.source == .offset && capture.origin == .dateTimeOriginal, "\(file)")
            #expect(capture.offsetText == offset, "\(file)")
            let utc = try #require(capture.utc.map { Timestamp.string($0) })
            #expect(utc.hasPrefix(expected), "\(file): \(utc)")
        }
        // Helsinki in August: the GPS zone (EEST, +03:00) agrees with the camera, so no note.
        #expect(try await Self.read("gps", "HMD_Nokia_8.3_5G.jpg").note(about: "time") == nil)
        // Mongolia's zone and the camera's -04:00 disagree: the camera wins, and it is said.
        let eof = try await Self.read("odd", "exif-at-eof.heic")
        #expect(eof.capture?.source == .offset)
        #expect(eof.note(about: "time")?.contains("disagree by 12 h") == true)
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func gpsOnlyPhotosGetUTCFromTheZoneAtTheirPositionOnThatDate() async throws {
        let cases: [(String, String, String, String)] = [
            ("Apple_iPhone_4.jpg", "2011-01-13T13:33:39", "Europe/Rome", "+01:00"),          // winter time
            ("iphone_hdr_NO.jpg", "2015-04-10T18:12:23", "Europe/Madrid", "+02:00"),         // summer time
            ("Apple_iPhone_5.jpg", "2012-09-29T23:11:25", "America/Los_Angeles", "-07:00"),  // PDT
            ("Issue_263_dotnet.heic", "2019-08-21T10:21:36", "Europe/Lisbon", "+01:00"),     // WEST
            ("IMG_1034.heic", "2018-02-05T07:11:44", "Asia/Shanghai", "+08:00"),
            ("Kodak_CX7530.jpg", "2005-08-13T06:47:23", "Africa/Nairobi", "+03:00"),
        ]
        for (file, expected, zone, offset) in cases {
            let metadata = try await Self.read("gps", file)
            let capture = try #require(metadata.capture, "\(file)")
            #expect(capture.source == .gpsZone && capture.timeZone == zone && capture.offsetText == offset, "\(file): \(capture)")
            let utc = try #require(capture.utc.map { Timestamp.string($0) })
            #expect(utc.hasPrefix(expected), "\(file): \(utc)")
        }
        // The iPhone 6's own GPS clock (UTC) agrees with the zone-derived time.
        let madrid = try await Self.read("gps", "iphone_hdr_NO.jpg")
        let gpsClock = try #require(madrid.gps?.time)
        #expect(abs(try #require(madrid.capture?.utc).timeIntervalSince(gpsClock)) < 120)
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func withoutOffsetOrGPSTheAlbumZoneDecidesOrTimeStaysLocal() async throws {
        let plain = try await Self.read("cameras", "Canon_40D.jpg")
        let local = try #require(plain.capture)
        #expect(local.source == .none && local.utc == nil && local.local.text.hasPrefix("2008-05-30T15:56:01"))
        #expect(plain.note(about: "time")?.contains("UTC is unknown") == true)

        var album = MetadataSettings()
        album.timezone = "America/Toronto"
        album.clockOffset = -53 * 60
        let zoned = try #require(try await Self.read("cameras", "Canon_40D.jpg", settings: album).capture)
        #expect(zoned.source == .album && zoned.timeZone == "America/Toronto" && zoned.offsetText == "-04:00")
        #expect(zoned.camera?.text.hasPrefix("2008-05-30T15:56:01") == true && zoned.local.text.hasPrefix("2008-05-30T15:03:01"))
        #expect(Self.same(zoned.utc, "2008-05-30T19:03:01Z"))
        // The album's zone never overrides what the photo itself says.
        #expect(try await Self.read("gps", "Apple_iPhone_4.jpg", settings: album).capture?.source == .gpsZone)
        #expect(try await Self.read("cameras", "IMG_2927.HEIC", settings: album).capture?.source == .offset)
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func photosWithoutAUsableDateFallBackToTheFileTime() async throws {
        for file in ["Issue_609.jpg", "FujiFilm_DX-5.jpg"] {
            let metadata = try await Self.read("odd", file)
            let capture = try #require(metadata.capture)
            #expect(capture.origin == .fileModified && capture.source == .file, "\(file)")
            #expect(capture.utc == MetadataRule.modificationTime(of: Corpus.file("odd", file)), "\(file)")
            #expect(metadata.notes.contains(MetadataNote("date", "no usable EXIF date; the file's modification time is used")))
            #expect(metadata.notes.contains { $0.field == "date" && $0.text.hasPrefix("DateTimeOriginal is") }, "\(file)")
        }
        // A camera clock in the future is noted (read as if on 1 November 2026: this camera's
        // clock says the 24th).
        let polaroid = try await Self.read("cameras", "WWL_Polaroid_ION230.jpg", now: Self.utc("2026-11-01T00:00:00Z"))
        #expect(polaroid.capture?.local.text == "2026-11-24T14:41:16")
        #expect(polaroid.note(about: "date")?.contains("in the future") == true)
        let later = try await Self.read("cameras", "WWL_Polaroid_ION230.jpg", now: Self.utc("2027-01-01T00:00:00Z"))
        #expect(later.note(about: "date")?.contains("in the future") != true)
    }

    @Test func localTimesParseAndConvertAcrossDaylightSaving() throws {
        #expect(LocalDateTime(exif: "2008:10:22 16:28:39") == LocalDateTime(year: 2008, month: 10, day: 22, hour: 16, minute: 28, second: 39))
        #expect(LocalDateTime(exif: "2008-10-22T16:28:39") != nil)
        #expect(LocalDateTime(exif: "2008:02:30 10:00:00") == nil, "30 February")
        #expect(LocalDateTime(exif: "2008:13:01 10:00:00") == nil)
        #expect(LocalDateTime(exif: "0000:00:00 00:00:00") == nil)
        #expect(LocalDateTime(text: "2020-05-04T18:39:11.644")?.millisecond == 644)
        #expect(LocalDateTime(year: 2024, month: 12, day: 31, hour: 23, minute: 30).adding(seconds: 3600).text == "2025-01-01T00:30:00")

        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let summer = LocalDateTime(year: 2021, month: 7, day: 1, hour: 12)
        let winter = LocalDateTime(year: 2021, month: 1, day: 1, hour: 12)
        #expect(Self.same(summer.date(in: paris), "2021-07-01T10:00:00Z"))
        #expect(Self.same(winter.date(in: paris), "2021-01-01T11:00:00Z"))
        // 02:30 on the night clocks go forward does not exist; it still gives an instant.
        #expect(LocalDateTime(year: 2021, month: 3, day: 28, hour: 2, minute: 30).date(in: paris) != nil)
        #expect(UTCOffset.seconds("-00:53") == -3180 && UTCOffset.seconds("+05:45") == 20700)
        #expect(UTCOffset.seconds("   :  ") == nil && UTCOffset.seconds("0200") == nil)
        #expect(UTCOffset.text(-3180) == "-00:53" && UTCOffset.text(19800) == "+05:30")
    }

    @Test func zodiacSignsFollowTheTropicalDates() {
        let cases: [(Int, Int, Zodiac)] = [
            (1, 1, .capricorn), (1, 19, .capricorn), (1, 20, .aquarius), (2, 18, .aquarius), (2, 19, .pisces),
            (3, 20, .pisces), (3, 21, .aries), (4, 20, .taurus), (5, 21, .gemini), (6, 21, .cancer),
            (7, 23, .leo), (8, 23, .virgo), (9, 23, .libra), (10, 23, .scorpio), (11, 22, .sagittarius),
            (12, 21, .sagittarius), (12, 22, .capricorn), (12, 31, .capricorn),
        ]
        for (month, day, sign) in cases { #expect(Zodiac(month: month, day: day) == sign, "\(month)/\(day)") }
        #expect(Zodiac.aries.symbol == "\u{2648}" && Zodiac.pisces.symbol == "\u{2653}")
        #expect(Zodiac.sagittarius.name == "Sagittarius" && Zodiac.capricorn.symbol == "♑")
    }
}
