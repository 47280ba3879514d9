import Foundation
import Testing
@testable import HotFolders

/// The metadata rule in the pipeline over the corpus: every usable GPS photo is placed in the
/// right country, bad metadata never stops a photo, and the catalog keeps it all.
@Suite struct PlaceFromGPSTests {
    /// The country of each gps/ photo, from the positions in the corpus README (and its notes:
    /// Seattle, Helsinki, Guangdong, Lisbon, Kenya, British Columbia, Norway, Madrid, ...).
    static let countries: [String: String] = [
        "67-0_length_string.jpg": "DE", "87_OSError.jpg": "IT", "Apple_iPhone_4.jpg": "IT", "Apple_iPhone_5.jpg": "US",
        "DSCN0010.jpg": "IT", "DSCN0012.jpg": "IT", "DSCN0021.jpg": "IT", "DSCN0025.jpg": "IT", "DSCN0027.jpg": "IT",
        "DSCN0029.jpg": "IT", "DSCN0038.jpg": "IT", "DSCN0040.jpg": "IT", "DSCN0042.jpg": "IT",
        "FujiFilm_FinePixS1Pro_1.jpg": "GB", "FujiFilm_FinePixS1Pro_2.jpg": "GB", "FujiFilm_FinePixS1Pro_3.jpg": "GB",
        "FujiFilm_FinePixS1Pro_4.jpg": "GB", "FujiFilm_FinePixS1Pro_5.jpg": "GB", "FujiFilm_FinePixS2Pro.jpg": "FR",
        "HMD_Nokia_8.3_5G.jpg": "FI", "HTC_Desire.jpg": "IT", "IMG_1034.heic": "CN", "Issue_263_dotnet.heic": "PT",
        "Kodak_CX7530.jpg": "KE", "Nokia_Lumia_800.jpg": "IE", "Olympus_FE230-X790.jpg": "CA", "Oppo_R7_Plus.jpg": "NO",
        "Sony_DSC-HX5V_2.jpg": "DE", "iphone_hdr_NO.jpg": "ES", "nikon_D3100_TypeError.jpg": "IT",
    ]

    /// Where a city photo is, by name: the place, not the neighbourhood nearest to it.
    static let cities: [String: String] = [
        "Apple_iPhone_4.jpg": "Rome", "FujiFilm_FinePixS2Pro.jpg": "Paris", "iphone_hdr_NO.jpg": "Madrid",
        "Issue_263_dotnet.heic": "Lisbon", "HMD_Nokia_8.3_5G.jpg": "Helsinki", "Apple_iPhone_5.jpg": "Seattle",
        "Nokia_Lumia_800.jpg": "Dublin", "DSCN0010.jpg": "Arezzo", "87_OSError.jpg": "Florence",
        "nikon_D3100_TypeError.jpg": "Genoa", "HTC_Desire.jpg": "Milan", "IMG_1034.heic": "Guangzhou",
        "Olympus_FE230-X790.jpg": "Revelstoke",
    ]

    static func workspace(_ label: String) -> TestWorkspace {
        var defaults = AlbumSettings()
        defaults.rules = [.metadata]
        defaults.after = .keep
        return TestWorkspace(label, defaults: defaults)
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func everyUsableGPSPhotoIsPlacedInTheRightCountry() async throws {
        let ws = Self.workspace("gps")
        // The files the README lists (anything else someone left in the folder is not a photo of it).
        let files = CorpusFacts.of("gps").map(\.url)
        #expect(files.count == Self.countries.count)
        for file in files { try ws.drop(file, album: "Trips") }
        let (summary, _) = try await ws.process()
        #expect(summary.failed == 0)

        let workspace = try ws.open()
        for photo in try workspace.catalog.photos(album: "Trips") {
            let metadata = try #require(try workspace.catalog.metadata(photoID: photo.id), "\(photo.originalName)")
            let place = try #require(metadata.place, "\(photo.originalName): \(metadata.notes)")
            #expect(place.countryCode == Self.countries[photo.originalName], "\(photo.originalName): \(place.label)")
            #expect(place.source == .gazetteer && place.attribution?.contains("GeoNames") == true)
            #expect(place.region != nil && place.country != nil && !place.candidates.isEmpty)
            #expect((place.distance ?? 99) < 40, "\(photo.originalName): \(place.distance ?? -1) km")
            if let city = Self.cities[photo.originalName] { #expect(place.name == city, "\(photo.originalName)") }
            #expect(metadata.zodiac != nil || metadata.capture == nil)
        }
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func oddPhotosWithBadGPSOrDatesGetNoneWithTheReasonAndNeverStopABatch() async throws {
        let ws = Self.workspace("odd")
        ws.configuration.defaults.rules = [.metadata, .preprocess]
        for file in Corpus.files(in: "odd") { try ws.drop(file, album: "Odd") }
        let (summary, outcomes) = try await ws.process()
        #expect(outcomes.count == Corpus.files(in: "odd").count)
        // Photos fail only where their pixels cannot be decoded (preprocess), never over metadata.
        #expect(ws.events("failed").allSatisfy { $0["stage"] as? String == "preprocess" })
        #expect(summary.processed >= 12)

        let workspace = try ws.open()
        var byName: [String: PhotoMetadata] = [:]
        let photos = try workspace.catalog.photos(album: "Odd")
        #expect(photos.count >= 16)
        for photo in photos {
            // Recorded for every photo, readable or not.
            let metadata: PhotoMetadata = try #require(try workspace.catalog.metadata(photoID: photo.id), "\(photo.originalName)")
            byName[photo.originalName] = metadata
        }
        for name in ["Issue_308.jpg", "Samsung_GT-I9000_Galaxy_S.jpg", "45-gps_ifd.jpg", "Nikon_D5000.jpg"] {
            let metadata = try #require(byName[name])
            #expect(metadata.gps == nil && metadata.place == nil, "\(name)")
            #expect(metadata.note(about: "gps") != nil, "\(name): \(metadata.notes)")
            #expect(metadata.note(about: "place")?.contains("no usable GPS position") == true, "\(name)")
        }
        for name in ["Issue_609.jpg", "FujiFilm_DX-5.jpg"] {
            let metadata = try #require(byName[name])
            #expect(metadata.capture?.origin == .fileModified, "\(name)")
            #expect(metadata.note(about: "date")?.hasPrefix("DateTimeOriginal is") == true, "\(name): \(metadata.notes)")
        }
        // Valid GPS in odd files still counts: a 1x1 JPEG in Croatia, a road camera in Michigan.
        #expect(byName["Issue_508.jpg"]?.place?.countryCode == "HR")
        #expect(byName["Issue_173_dotnet.jpg"]?.place?.countryCode == "US")
        #expect(byName["beach.jpg"]?.notes.isEmpty == false)
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func laterRulesSeeTheMetadataAndDefaultRulesIncludeIt() async throws {
        #expect(AlbumSettings().rules == [.metadata, .preprocess])
        #expect(AlbumRules(settings: AlbumSettings()).steps.map(\.name) == ["metadata", "preprocess"])
        let ws = TestWorkspace("rule")
        try ImageLibrary.start()
        let workspace = try ws.open()
        let url = Corpus.file("gps", "Apple_iPhone_4.jpg")
        var work = PhotoWork(source: url, album: "Trip", originalName: "Apple_iPhone_4.jpg", kind: .jpeg)
        let admission = try workspace.catalog.admit(album: "Trip", originalName: "Apple_iPhone_4.jpg",
                                                    size: 1, sha256: try sha256(of: url), duplicates: .skip)
        guard case .process(let id) = admission else { Issue.record("not admitted: \(admission)"); return }
        let context = RuleContext(catalog: workspace.catalog, events: workspace.events, logger: .init(label: "test"), photoID: id)
        try await MetadataRule(settings: MetadataSettings()).apply(to: &work, in: context)
        let metadata = try #require(work.metadata)
        #expect(metadata.place?.label == "Rome, Lazio, Italy")
        #expect(metadata.capture?.local.year == 2011 && metadata.zodiac == .capricorn)
        #expect(metadata.camera.name == "Apple iPhone 4")
        // The catalog gives back what the rule handed on (times to the millisecond it stores).
        let stored = try #require(try workspace.catalog.metadata(photoID: id))
        #expect(stored.place == metadata.place && stored.camera == metadata.camera && stored.gps == metadata.gps)
        #expect(stored.capture?.local == metadata.capture?.local && stored.capture?.source == metadata.capture?.source)
        #expect(stored.capture?.utc.map { Timestamp.string($0) } == metadata.capture?.utc.map { Timestamp.string($0) })
        #expect(stored.notes == metadata.notes && stored.zodiac == metadata.zodiac && stored.exposure == metadata.exposure)
    }
}
