import Foundation
import Testing
@testable import HotFolders

/// The rename rule: names from the album's template and the photo's place, date and number;
/// generic names replaced and meaningful ones kept; clashes numbered in claim order; names that
/// stay what they were on every later run. Pipeline tests use the corpus' real GPS photos.
@Suite struct RenameTests {
    // MARK: Helpers

    /// A photo in Montréal on the first day of Aries, 2024, from a Nikon.
    static func photo(_ name: String = "IMG_1234.jpg", album: String = "Trips", place: Place? = montreal,
                      sha256: String? = String(repeating: "ab", count: 32)) -> PhotoWork {
        var work = PhotoWork(source: URL(fileURLWithPath: "/nonexistent/\(name)"), album: album, originalName: name, kind: .jpeg)
        work.sha256 = sha256
        var metadata = PhotoMetadata()
        metadata.place = place
        let local = LocalDateTime(year: 2024, month: 3, day: 21, hour: 14, minute: 5, second: 9)
        metadata.capture = CaptureTime(origin: .dateTimeOriginal, camera: local, local: local,
                                       utc: local.date(in: TimeZone(identifier: "America/Toronto")!), utcOffset: -4 * 3600,
                                       timeZone: "America/Toronto", source: .gpsZone)
        metadata.zodiac = Zodiac(local)
        metadata.camera = Camera(make: "NIKON CORPORATION", model: "NIKON D70")
        work.metadata = metadata
        return work
    }

    static let montreal = Place(name: "Montréal", region: "Québec", country: "Canada", countryCode: "CA", source: .gazetteer)

    func stem(_ photo: PhotoWork, _ configure: (inout RenameSettings) -> Void = { _ in }, sequence: Int = 1) -> String {
        var settings = RenameSettings()
        configure(&settings)
        return RenameRule(settings: settings).wantedStem(for: photo)(sequence)
    }

    static func renaming(_ label: String, workers: Int = 1, _ configure: (inout AlbumSettings) -> Void = { _ in }) -> TestWorkspace {
        var defaults = AlbumSettings()
        defaults.rules = [.metadata, .preprocess, .rename]
        configure(&defaults)
        return TestWorkspace(label, workers: workers, defaults: defaults)
    }

    /// The stems in `outbox/<album>/web/`, sorted.
    static func names(_ ws: TestWorkspace, album: String) -> [String] {
        ws.files(in: ws.layout.outbox(album: album, variant: "web")).map { ($0 as NSString).deletingPathExtension }
    }

    // MARK: Generic names and tokens

    @Test(arguments: ["IMG_1234", "img_1234", "IMG_1234 (2)", "IMG-20240105-1", "DSC_0001", "DSC01234", "DSCN0010", "DSCF1234",
                      "_DSC4321", "PXL_20240105_101530123", "P1010001", "GOPR0042", "DJI_0007", "IMG_E1234", "0042",
                      "Screenshot 2024-01-05 at 10.22.31"])
    func namesDevicesGiveAreGeneric(stem: String) {
        #expect(GenericNames.standard.isGeneric(stem))
    }

    @Test(arguments: ["sunset over the lake", "Paris", "Apple_iPhone_4", "IMG_1234 sunset", "Pxl", "P", "IMG_", "Portrait_1",
                      "DSCN0010-edit", "Issue_263_dotnet"])
    func namesPhotographersGiveAreMeaningful(stem: String) {
        #expect(!GenericNames.standard.isGeneric(stem))
    }

    @Test func theNumberOfAGenericNameKeepsItsZerosAndItsParts() {
        let generic = GenericNames.standard
        #expect(generic.number(in: "DSCN0010") == "0010")
        #expect(generic.number(in: "P1010001") == "1010001")
        #expect(generic.number(in: "DSC01234") == "01234")
        #expect(generic.number(in: "PXL_20240105_101530123") == "20240105_101530123")
        #expect(generic.number(in: "sunset 2") == nil)
        // What counts as generic is the photographer's: here only their own prefix.
        let own = GenericNames(patterns: ["ANN-"])
        #expect(own.isGeneric("ANN-0042") && !own.isGeneric("IMG_0042"))
    }

    @Test func tokensAreThePhotosDisplayValues() {
        let tokens = PhotoTokens(Self.photo(), owner: "Ann", yearOffset: 0)
        let expected: [String: String] = [
            "place": "Montréal", "region": "Québec", "country": "Canada", "country_code": "CA", "place_slug": "montreal_quebec",
            "album": "Trips", "year": "2024", "month": "03", "day": "21", "hour": "14", "minute": "05", "second": "09",
            "date": "2024-03-21", "time": "140509", "utc_year": "2024", "utc_month": "03", "utc_day": "21", "utc_hour": "18",
            "utc_minute": "05", "utc_second": "09", "utc_date": "2024-03-21", "utc_time": "180509", "camera": "NIKON D70",
            "make": "NIKON", "model": "NIKON D70", "stem": "IMG_1234", "seq": "1234", "hash": "abababab", "zodiac": "♈",
            "zodiac_name": "Aries", "owner": "Ann",
        ]
        for (token, value) in expected { #expect(tokens.value(of: token) == value, "{\(token)}") }
        #expect(Set(expected.keys).union(["counter"]) == Set(PhotoTokens.known))
        #expect(tokens.value(of: "counter") == nil && tokens.value(of: "plce") == nil)
        #expect(PhotoTokens(Self.photo(), yearOffset: -1).value(of: "year") == "2023")
        #expect(PhotoTokens(Self.photo()).value(of: "owner") == nil)
    }

    @Test func aPhotoWithoutMetadataHasOnlyItsAlbumNameAndContent() {
        var photo = Self.photo("day 2/sunset.jpg")
        photo.metadata = nil
        let tokens = PhotoTokens(photo)
        let present = PhotoTokens.known.filter { tokens.value(of: $0) != nil }
        #expect(present == ["album", "stem", "seq", "hash"])
        #expect(tokens.value(of: "stem") == "sunset" && tokens.value(of: "seq") == "abababab")
    }

    // MARK: Names from the template

    @Test func theTemplateMakesSlugsWithThePlaceAndItsRegion() {
        #expect(stem(Self.photo()) == "montreal_quebec_1234")
        #expect(stem(Self.photo("DSCN0010.JPG")) == "montreal_quebec_0010")
        // A region that repeats the place is said once.
        let madrid = Place(name: "Madrid", region: "Madrid", country: "Spain", countryCode: "ES", source: .gazetteer)
        #expect(stem(Self.photo(place: madrid)) == "madrid_1234")
        // Values are slugs; the template's own text ("-") stays.
        #expect(stem(Self.photo(), { $0.template = try! TextTemplate(parsing: "{date}-{camera}-{counter}") }, sequence: 7)
                == "2024_03_21-nikon_d70-0007")
        #expect(stem(Self.photo(), { $0.template = try! TextTemplate(parsing: "{country_code}_{place}_{zodiac_name}_{counter}") },
                     sequence: 12) == "ca_montreal_aries_0012")
    }

    @Test func withoutAPlaceTheFallbackNamesTheAlbumAndDay() {
        #expect(stem(Self.photo(album: "Summer Trip", place: nil)) == "summer_trip_20240321_1234")
        #expect(stem(Self.photo(place: nil)) { $0.fallback = try! TextTemplate(parsing: "{date}_{seq}") } == "2024_03_21_1234")
        // A template that needs no place never falls back.
        #expect(stem(Self.photo(place: nil)) { $0.template = try! TextTemplate(parsing: "{camera}_{seq}") } == "nikon_d70_1234")
        // No place and no date: what is left, never an empty part or a dangling "_".
        var bare = Self.photo("IMG_0005.jpg", place: nil)
        bare.metadata = nil
        #expect(stem(bare) == "trips_0005")
    }

    @Test func meaningfulNamesAreKeptUnlessToldOtherwise() {
        #expect(stem(Self.photo("sunset over the lake.jpg")) == "sunset over the lake")
        #expect(stem(Self.photo("day 2/Apple_iPhone_4.jpg")) == "Apple_iPhone_4")
        // Replaced: the name's own number, else the content's short hash.
        #expect(stem(Self.photo("Apple_iPhone_4.jpg")) { $0.keepMeaningful = false } == "montreal_quebec_4")
        #expect(stem(Self.photo("sunset over the lake.jpg")) { $0.keepMeaningful = false } == "montreal_quebec_abababab")
        // Generic by the album's own list.
        #expect(stem(Self.photo("ANN-0042.jpg")) { $0.generic = GenericNames(patterns: ["ANN-"]) } == "montreal_quebec_0042")
        #expect(stem(Self.photo("IMG_0042.jpg")) { $0.generic = GenericNames(patterns: ["ANN-"]) } == "IMG_0042")
    }

    @Test func aNameIsNeverEmptyNorEndsWithASeparator() {
        var photo = Self.photo("sunset.jpg", place: Place(name: "🎉", source: .gazetteer), sha256: nil)
        photo.metadata?.camera = Camera()
        let only = { (template: String) in { (settings: inout RenameSettings) in
            settings.keepMeaningful = false
            settings.template = try! TextTemplate(parsing: template)
        } }
        #expect(stem(photo, only("{place_slug}_{seq}")) == "photo")
        #expect(stem(photo, only("{camera}_{place}")) == "photo")
        #expect(stem(Self.photo("sunset.jpg", place: Place(name: "🎉", source: .gazetteer)), only("{place}")) == "photo_abababab")
        #expect(stem(photo, only("{place}__{year}_")) == "2024")
    }

    @Test func longNamesAreShortenedInThePlaceNotTheNumber() {
        let long = Place(name: "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch", region: "Wales",
                         country: "United Kingdom", countryCode: "GB", source: .gazetteer)
        let name = stem(Self.photo(place: long)) { $0.maxLength = 32 }
        #expect(name.count <= 32 && name.hasSuffix("_1234") && name.hasPrefix("llanfair"), "\(name)")
        #expect(!name.contains("__"))
        #expect(stem(Self.photo()) { $0.maxLength = 200 } == "montreal_quebec_1234")
    }

    @Test func hostileValuesNeverMakeAFolderOrAHiddenFile() {
        let evil = Place(name: "../../etc/passwd", region: "\0\n/", source: .nominatim)
        let names = [
            stem(Self.photo(album: "../..", place: evil)),
            stem(Self.photo(album: ".hidden", place: nil)),
            stem(Self.photo("..jpg")),
            stem(Self.photo(".IMG_1.jpg")),
            stem(Self.photo("a\nb.jpg")),
        ]
        for name in names {
            #expect(!name.isEmpty && !name.contains("/") && !name.contains("\0") && !name.contains("\n"), "\(name)")
            #expect(!name.hasPrefix(".") && !name.hasSuffix("_"), "\(name)")
        }
        #expect(names[0] == "etc_passwd_1234")
    }

    // MARK: Claims in the catalog

    /// A catalog with `count` photos admitted to album "A".
    static func catalog(_ dir: TemporaryDirectory, photos count: Int) throws -> (Catalog, [Int64]) {
        let catalog = try Catalog(directory: dir.path("state"))
        let ids = try (0..<count).map { index in
            try catalog.admit(album: "A", originalName: "IMG_\(index).jpg", size: 1,
                              sha256: String(repeating: String(format: "%02x", index), count: 32), duplicates: .skip).photoID
        }
        return (catalog, ids)
    }

    @Test func clashesAreNumberedInClaimOrderAndAPhotoKeepsItsOwn() throws {
        let dir = TemporaryDirectory("claims")
        let (catalog, ids) = try Self.catalog(dir, photos: 5)
        let claim = { (index: Int, wanted: String) in try catalog.claimName(album: "A", photoID: ids[index]) { _ in wanted } }

        #expect(try claim(0, "x").name == "x")
        #expect(try claim(1, "x").name == "x_1")
        #expect(try claim(2, "X").name == "X_2", "names differing only in case clash")
        // Claiming again what it holds gives a photo the same name, not the next number.
        #expect(try claim(0, "x").name == "x")
        #expect(try claim(1, "x") == catalog.nameClaim(photoID: ids[1]))
        // Without outputs a photo may move to another name; the lowest number is free again.
        #expect(try claim(1, "y").name == "y")
        #expect(try claim(3, "x").name == "x_1")
        // The album's numbers ({counter}) follow first claims and stay.
        #expect(try catalog.nameClaims(album: "A").map(\.sequence) == [1, 2, 3, 4])
        #expect(try catalog.nameClaim(photoID: ids[1])?.sequence == 2)
        #expect(try catalog.nameClaim(photoID: ids[4]) == nil)
    }

    @Test func manyPhotosWantingOneNameAreNumberedInOrderWhateverTheNameHolds() throws {
        let dir = TemporaryDirectory("claims-many")
        let (catalog, ids) = try Self.catalog(dir, photos: 61)
        // `_` and `%` mean something to SQL's LIKE: they must only match themselves.
        for (wanted, range) in [("50%_off", 0..<20), ("50x_off", 20..<25), ("a_b", 25..<60)] {
            for (n, index) in range.enumerated() {
                let name = try catalog.claimName(album: "A", photoID: ids[index]) { _ in wanted }.name
                #expect(name == (n == 0 ? wanted : "\(wanted)_\(n)"))
            }
        }
        // "a_b_1" wanted as a name of its own is held by a numbered one, and is numbered further.
        #expect(try catalog.claimName(album: "A", photoID: ids[60]) { _ in "A_B_1" }.name == "A_B_1_1")
        let names = try catalog.nameClaims(album: "A").map(\.name)
        #expect(Set(names).count == 61)
        #expect(names.contains("a_b_34") && names.contains("50x_off_4") && names.contains("50%_off_19"))
    }

    @Test func aNameWithOutputsNeverChangesAndAFailedPhotosNameCanBeTaken() throws {
        let dir = TemporaryDirectory("claims-frozen")
        let (catalog, ids) = try Self.catalog(dir, photos: 3)
        _ = try catalog.claimName(album: "A", photoID: ids[0]) { _ in "x" }
        try catalog.recordSuccess(photoID: ids[0], outputs: [
            OutputRecord(variant: "web", path: "outbox/A/web/x.webp", bytes: 1, sha256: String(repeating: "0", count: 64),
                         width: 1, height: 1, format: "webp"),
        ])
        // The template changed: the published photo keeps its name.
        #expect(try catalog.claimName(album: "A", photoID: ids[0]) { _ in "new" }.name == "x")

        // A photo that failed before writing anything gives its name up to the next one wanting it
        // (its fixed copy, most often).
        _ = try catalog.claimName(album: "A", photoID: ids[1]) { _ in "y" }
        try catalog.recordFailure(photoID: ids[1], stage: "preprocess", reason: "broken", detail: nil)
        #expect(try catalog.claimName(album: "A", photoID: ids[2]) { _ in "y" }.name == "y")
        #expect(try catalog.nameClaim(photoID: ids[1]) == nil)
    }

    // MARK: Through the pipeline, with the corpus

    /// The place a metadata rule recorded for each photo of an album, by original name.
    static func places(_ ws: TestWorkspace, album: String) throws -> [String: Place] {
        let catalog = try ws.open().catalog
        var places: [String: Place] = [:]
        for photo in try catalog.photos(album: album) {
            places[photo.originalName] = try catalog.metadata(photoID: photo.id)?.place
        }
        return places
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func gpsPhotosAreNamedAfterTheirPlaceAndNumber() async throws {
        let ws = Self.renaming("rename-gps") { $0.after = .keep }
        let facts = CorpusFacts.of("gps")
        #expect(facts.count == 30)
        for fact in facts { try ws.drop(fact.url, album: "Trips") }
        let (summary, _) = try await ws.process()
        #expect(summary.processed == facts.count)

        let places = try Self.places(ws, album: "Trips")
        var expected: [String] = []
        for fact in facts {
            let original = (fact.file as NSString).deletingPathExtension
            let place = try #require(places[fact.file], "\(fact.file) has a GPS position in the README")
            // The place the metadata tests expect for this position, by its slug.
            if let city = PlaceFromGPSTests.cities[fact.file] { #expect(place.name == city, "\(fact.file)") }
            if original.hasPrefix("DSCN") || original.hasPrefix("IMG_") {
                let region = place.region.map { Slug.of($0) }.flatMap { $0 == Slug.of(place.name) ? nil : $0 }
                let number = String(original.drop { !$0.isNumber })
                expected.append(([Slug.of(place.name)] + [region].compactMap { $0 } + [number]).joined(separator: "_"))
            } else {
                expected.append(original)  // a name someone gave: kept
            }
        }
        #expect(Self.names(ws, album: "Trips") == expected.sorted())
        // The nine Nikon P6000 files by Arezzo, as the README's positions say.
        #expect(expected.filter { $0.hasPrefix("arezzo_tuscany_00") }.count == 9)
        #expect(expected.contains("guangzhou_guangdong_1034"))
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func withoutKeepingMeaningfulNamesEveryGPSPhotoFollowsTheTemplate() async throws {
        let ws = Self.renaming("rename-all") {
            $0.after = .keep
            $0.rename.keepMeaningful = false
        }
        let facts = CorpusFacts.of("gps")
        for fact in facts { try ws.drop(fact.url, album: "Trips") }
        try await ws.process()

        let places = try Self.places(ws, album: "Trips")
        var expected: [String] = []
        for fact in facts {
            let place = try #require(places[fact.file])
            var slug = Slug.of(place.name)
            if let region = place.region, Slug.of(region) != slug { slug += "_" + Slug.of(region) }
            let original = (fact.file as NSString).deletingPathExtension
            // The name's last number, else the first 8 hex digits of the file's SHA-256.
            let numbers = original.split { !("0"..."9").contains($0) }
            let seq = numbers.isEmpty ? String(try sha256(of: fact.url).prefix(8)) : String(numbers.last!)
            expected.append("\(slug)_\(seq)")
        }
        #expect(Set(expected).count == expected.count, "no clash among the corpus' names")
        #expect(Self.names(ws, album: "Trips") == expected.sorted())
        #expect(expected.contains("rome_lazio_4") && expected.contains("seattle_washington_5"))
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func aPhotoWithoutGPSGetsTheFallbackFromItsAlbumAndDate() async throws {
        let ws = Self.renaming("rename-fallback") { $0.after = .keep }
        let canon = try #require(CorpusFacts.named("Canon_40D.jpg"))
        let nikon = try #require(CorpusFacts.named("Nikon_D70.jpg"))
        try ws.drop(canon.url, album: "Summer Trip", as: "IMG_0007.jpg")
        try ws.drop(nikon.url, album: "Summer Trip", as: "day 2/DSC_0042.jpg")
        try ws.drop(Corpus.file("gps", "DSCN0010.jpg"), album: "Summer Trip", as: "day 2/DSCN0010.jpg")
        try await ws.process()

        func day(_ fact: CorpusFacts) -> String { String(fact.dateTimeOriginal!.prefix(10).filter(\.isNumber)) }
        #expect(canon.latitude == nil && nikon.latitude == nil)
        let web = ws.files(in: ws.layout.outbox(album: "Summer Trip", variant: "web"))
        #expect(web.contains("summer_trip_\(day(canon))_0007.webp"), "\(web)")
        #expect(web.contains("day 2/summer_trip_\(day(nikon))_0042.webp"), "\(web)")
        #expect(web.contains { $0.hasPrefix("day 2/arezzo_") && $0.hasSuffix("_0010.webp") }, "\(web)")
        #expect(web.count == 3)
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func photosWantingOneNameAreNumberedAndKeepTheirNamesWhenProcessedAgain() async throws {
        let ws = Self.renaming("rename-clash") { $0.duplicates = .process }
        // Two cameras both at number 0001, by Arezzo; the same number in another folder is no clash.
        let first = try ws.drop(Corpus.file("gps", "DSCN0010.jpg"), album: "Trips", as: "IMG_0001.JPG")
        let second = try ws.drop(Corpus.file("gps", "DSCN0012.jpg"), album: "Trips", as: "IMG_0001.jpg")
        try ws.drop(Corpus.file("gps", "DSCN0021.jpg"), album: "Trips", as: "day 2/IMG_0001.jpg")
        let (summary, _) = try await ws.process([first, second])
        #expect(summary.processed == 2)
        try await ws.process()
        let name = "arezzo_tuscany_0001"
        #expect(Self.names(ws, album: "Trips") == ["\(name)", "\(name)_1", "day 2/\(name)"])

        // The first photo to reach rename got the plain name, the second "_1".
        let catalog = try ws.open().catalog
        let photos = try catalog.photos(album: "Trips")
        let claims = try photos.map { try #require(try catalog.nameClaim(photoID: $0.id)) }
        #expect(claims.map(\.name) == [name, "\(name)_1", "day 2/\(name)"])
        #expect(claims.map(\.sequence) == [1, 2, 3])
        #expect(try catalog.outputs(photoID: photos[1].id).map(\.path) == ["outbox/Trips/web/\(name)_1.webp"])

        // Both dropped again, the second one first: each gets its own name back, nothing new is written.
        let outbox = ws.files(in: ws.layout.outbox)
        try ws.drop(Corpus.file("gps", "DSCN0012.jpg"), album: "Trips", as: "IMG_0001.jpg")
        try await ws.process()
        try ws.drop(Corpus.file("gps", "DSCN0010.jpg"), album: "Trips", as: "IMG_0001.JPG")
        let (again, _) = try await ws.process()
        #expect(again.processed == 1 && again.duplicates == 0)
        #expect(ws.files(in: ws.layout.outbox) == outbox)
        #expect(try photos.map { try catalog.nameClaim(photoID: $0.id) } == claims)

        // A third photo wanting the name later gets the next number.
        try ws.drop(Corpus.file("gps", "DSCN0025.jpg"), album: "Trips", as: "IMG_0001.jpeg")
        try await ws.process()
        #expect(Self.names(ws, album: "Trips").filter { $0.hasPrefix(name) } == [name, "\(name)_1", "\(name)_2"])
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func aPublishedNameStaysWhenTheTemplateChanges() async throws {
        let ws = Self.renaming("rename-frozen") { $0.duplicates = .process }
        try ws.drop(Corpus.file("gps", "DSCN0010.jpg"), album: "Trips")
        try await ws.process()
        let before = ws.files(in: ws.layout.outbox)
        #expect(before.contains { $0.hasSuffix("/arezzo_tuscany_0010.webp") }, "\(before)")

        ws.configuration.defaults.rename.template = try TextTemplate(parsing: "{camera}_{seq}")
        try ws.drop(Corpus.file("gps", "DSCN0010.jpg"), album: "Trips")
        let (summary, _) = try await ws.process()
        #expect(summary.processed == 1)
        #expect(ws.files(in: ws.layout.outbox) == before)
        // A new photo follows the new template.
        try ws.drop(Corpus.file("gps", "DSCN0012.jpg"), album: "Trips")
        try await ws.process()
        #expect(Self.names(ws, album: "Trips") == ["arezzo_tuscany_0010", "nikon_coolpix_p6000_0012"])
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func outputsFromBeforeTheAlbumRenamedKeepTheirNames() async throws {
        // Processed once without rename, then again (same content, duplicates = "process") once
        // the album renames: its published files keep their name rather than being written anew
        // under another and left behind.
        let ws = Self.renaming("rename-late") {
            $0.rules = [.metadata, .preprocess]
            $0.duplicates = .process
        }
        try ws.drop(Corpus.file("gps", "DSCN0010.jpg"), album: "Trips")
        try await ws.process()
        #expect(Self.names(ws, album: "Trips") == ["DSCN0010"])

        ws.configuration.defaults.rules = [.metadata, .preprocess, .rename]
        try ws.drop(Corpus.file("gps", "DSCN0010.jpg"), album: "Trips")
        let (summary, _) = try await ws.process()
        #expect(summary.processed == 1)
        #expect(Self.names(ws, album: "Trips") == ["DSCN0010"], "one file, under its published name")
        let catalog = try ws.open().catalog
        let photo = try #require(try catalog.photos(album: "Trips").first)
        #expect(try catalog.nameClaim(photoID: photo.id)?.name == "DSCN0010")
        // A photo new to the album follows the template.
        try ws.drop(Corpus.file("gps", "DSCN0012.jpg"), album: "Trips")
        try await ws.process()
        #expect(Self.names(ws, album: "Trips") == ["DSCN0010", "arezzo_tuscany_0012"])
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func aRetriedPhotoGetsItsNameBack() async throws {
        // Refused by preprocess after rename has named it: 8 megapixels over a limit of 1.
        let ws = Self.renaming("rename-retry") {
            $0.rules = [.metadata, .rename, .preprocess]
            $0.preprocess.maxMegapixels = 1
        }
        try ws.drop(Corpus.file("gps", "Apple_iPhone_5.jpg"), album: "Trips", as: "IMG_0100.jpg")
        let (failed, _) = try await ws.process()
        #expect(failed.failed == 1)
        let catalog = try ws.open().catalog
        let photo = try #require(try catalog.photos(album: "Trips").first)
        let claim = try #require(try catalog.nameClaim(photoID: photo.id))
        #expect(claim.name == "seattle_washington_0100")

        ws.configuration.defaults.preprocess.maxMegapixels = 100
        let failedPhotos = FailedPhotos(layout: ws.layout)
        let workspace = try ws.open()
        for failed in failedPhotos.all() { _ = try failedPhotos.retry(failed, events: workspace.events, catalog: workspace.catalog) }
        let (summary, _) = try await ws.process()
        #expect(summary.processed == 1)
        #expect(try catalog.nameClaim(photoID: photo.id) == claim)
        #expect(Self.names(ws, album: "Trips") == ["seattle_washington_0100"])
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func aBrokenCopyDoesNotKeepTheNameFromItsFixedCopy() async throws {
        let ws = Self.renaming("rename-broken")
        let whole = try Data(contentsOf: Corpus.file("gps", "DSCN0010.jpg"))
        let inbox = ws.layout.inbox(album: "Trips")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try whole.prefix(whole.count / 2).write(to: inbox.appendingPathComponent("IMG_0005.jpg"))
        let (broken, _) = try await ws.process()
        #expect(broken.failed == 1)

        try whole.write(to: inbox.appendingPathComponent("IMG_0005.jpg"))
        let (fixed, _) = try await ws.process()
        #expect(fixed.processed == 1)
        #expect(Self.names(ws, album: "Trips") == ["arezzo_tuscany_0005"])
    }

    @Test(.enabled(if: Corpus.available, Corpus.skipMessage))
    func manyWorkersNeverGiveTwoPhotosOneName() async throws {
        let ws = Self.renaming("rename-workers", workers: 4) {
            $0.after = .keep
            $0.rename.template = try! TextTemplate(parsing: "{place_slug}")
        }
        let files = CorpusFacts.of("gps").filter { $0.file.hasPrefix("DSCN") }
        for fact in files { try ws.drop(fact.url, album: "Trips") }
        try await ws.process()
        let expected = ["arezzo_tuscany"] + (1..<files.count).map { "arezzo_tuscany_\($0)" }
        #expect(Self.names(ws, album: "Trips").sorted() == expected.sorted())
    }
}
