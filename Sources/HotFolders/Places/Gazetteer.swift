import Foundation

/// The offline gazetteer: GeoNames populated places (cities1000: population 1000 or more, and
/// seats of administration) with region names and IANA time zones, from the table
/// `scripts/build-gazetteer.py` writes. Read once, on first use, into flat arrays sorted by
/// half-degree grid cell, which is the spatial index (see `Gazetteer+Search.swift`).
public final class Gazetteer: Sendable {
    /// Where the table came from (dataset, licence), as the table says.
    public let source: String
    let latitudes: [Int32]      // (degrees + 90) * 10^4
    let longitudes: [Int32]     // (degrees + 180) * 10^4
    let populations: [UInt32]
    let packed: [UInt32]        // country << 23 | region << 10 | zone
    let nameStarts: [Int32]     // into `names`; one more than there are places
    let names: [UInt8]
    let countries: [(code: String, name: String)]
    let regions: [(country: Int, code: String, name: String)]
    let zones: [String]
    /// First place of each grid cell (row-major); one more than there are cells.
    let cellStarts: [Int32]
    let cellsPerDegree: Int

    static let noRegion = 8191
    static let scale = 10_000.0

    public var count: Int { latitudes.count }

    /// The place at `index` (0 ..< count).
    public func place(_ index: Int) -> GazetteerPlace {
        let bits = Int(packed[index])
        let country = countries[bits >> 23]
        let regionIndex = (bits >> 10) & 0x1FFF
        let region = regionIndex == Self.noRegion || regionIndex >= regions.count ? nil : regions[regionIndex]
        return GazetteerPlace(
            id: index, name: name(index), region: region?.name, regionCode: region?.code,
            country: country.name, countryCode: country.code, point: point(index),
            population: Int(populations[index]), timeZone: zones[bits & 0x3FF])
    }

    func name(_ index: Int) -> String {
        String(decoding: names[Int(nameStarts[index])..<Int(nameStarts[index + 1])], as: UTF8.self)
    }

    func point(_ index: Int) -> GeoPoint {
        GeoPoint(latitude: Double(latitudes[index]) / Self.scale - 90, longitude: Double(longitudes[index]) / Self.scale - 180)
    }

    // MARK: Loading

    /// The table, read on first use. A missing or damaged table is an error every lookup
    /// reports (a photo then gets no place, with the reason), never a crash.
    public static var shared: Gazetteer {
        get throws(GazetteerError) { try loaded.get() }
    }

    private static let loaded: Result<Gazetteer, GazetteerError> = {
        guard let url = locate() else { return .failure(.notFound(searched: searchPaths().map(\.path))) }
        return Result { () throws(GazetteerError) in try load(from: url) }
    }()

    /// `$HOTFOLDERS_GAZETTEER`; beside the binary (SwiftPM's resource folder, as `swift build`
    /// leaves it); `$XDG_DATA_HOME/hotfolders`; /usr/local/share and /usr/share; the source tree.
    static func searchPaths() -> [URL] {
        let environment = ProcessInfo.processInfo.environment
        var paths: [URL] = []
        if let path = environment["HOTFOLDERS_GAZETTEER"], !path.isEmpty { paths.append(URL(fileURLWithPath: path)) }
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            paths.append(executable.appendingPathComponent("hotfolders_HotFolders.resources/gazetteer.bin"))
        }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share")
        paths.append(dataHome.appendingPathComponent("hotfolders/gazetteer.bin"))
        paths.append(URL(fileURLWithPath: "/usr/local/share/hotfolders/gazetteer.bin"))
        paths.append(URL(fileURLWithPath: "/usr/share/hotfolders/gazetteer.bin"))
        // Sources/HotFolders/Places/Gazetteer.swift -> Sources/HotFolders/Resources/gazetteer.bin
        paths.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/gazetteer.bin"))
        return paths
    }

    static func locate() -> URL? {
        searchPaths().first { FileManager.default.isReadableFile(atPath: $0.path) }
    }

    /// Reads a table written by scripts/build-gazetteer.py.
    public static func load(from url: URL) throws(GazetteerError) -> Gazetteer {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: url))
        } catch {
            throw .unreadable(path: url.path, message: error.localizedDescription)
        }
        do {
            return try Gazetteer(bytes)
        } catch let problem as TableProblem {
            throw .damaged(path: url.path, message: problem.message)
        } catch {
            throw .damaged(path: url.path, message: "\(error)")
        }
    }

    struct TableProblem: Error { var message: String }

    init(_ bytes: [UInt8]) throws {
        var reader = TableReader(bytes: bytes)
        guard "HFGZ".utf8.elementsEqual(try reader.bytes(4)) else { throw TableProblem(message: "not a hotfolders gazetteer") }
        guard try reader.u16() == 1 else { throw TableProblem(message: "a newer table version; rebuild it") }
        cellsPerDegree = Int(try reader.u16())
        let placeCount = Int(try reader.u32())
        let countryCount = Int(try reader.u16()), regionCount = Int(try reader.u16()), zoneCount = Int(try reader.u16())
        source = try reader.text(length: Int(try reader.u16()))
        countries = try (0..<countryCount).map { _ in (try reader.text(length: 2), try reader.shortText()) }
        regions = try (0..<regionCount).map { _ in (Int(try reader.u8()), try reader.shortText(), try reader.shortText()) }
        zones = try (0..<zoneCount).map { _ in try reader.shortText() }

        var latitudes = [Int32](), longitudes = [Int32](), populations = [UInt32](), packed = [UInt32]()
        latitudes.reserveCapacity(placeCount)
        longitudes.reserveCapacity(placeCount)
        populations.reserveCapacity(placeCount)
        packed.reserveCapacity(placeCount)
        for _ in 0..<placeCount {
            latitudes.append(Int32(try reader.u24()))
            longitudes.append(Int32(try reader.u24()))
            populations.append(try reader.u32())
            let bits = try reader.u32()
            guard Int(bits >> 23) < countryCount, Int(bits & 0x3FF) < zoneCount else {
                throw TableProblem(message: "a place refers to a country or zone the table does not have")
            }
            packed.append(bits)
        }
        var starts = [Int32](repeating: 0, count: placeCount + 1)
        var names = [UInt8]()
        names.reserveCapacity(bytes.count - reader.offset)
        for index in 0..<placeCount {
            names += try reader.bytes(Int(try reader.u8()))
            starts[index + 1] = Int32(names.count)
        }
        self.latitudes = latitudes
        self.longitudes = longitudes
        self.populations = populations
        self.packed = packed
        self.nameStarts = starts
        self.names = names
        self.cellStarts = try Self.cellStarts(latitudes: latitudes, longitudes: longitudes, cellsPerDegree: cellsPerDegree)
    }

    /// The grid index: the table is sorted by cell, so each cell is one run of places.
    static func cellStarts(latitudes: [Int32], longitudes: [Int32], cellsPerDegree: Int) throws -> [Int32] {
        let columns = 360 * cellsPerDegree, rows = 180 * cellsPerDegree
        var starts = [Int32](repeating: 0, count: rows * columns + 1)
        var previous = -1
        for index in latitudes.indices {
            let cell = Self.cell(latitude: latitudes[index], longitude: longitudes[index], cellsPerDegree: cellsPerDegree)
            guard cell >= previous else { throw TableProblem(message: "places are not sorted by grid cell") }
            if cell > previous { for skipped in (previous + 1)...cell { starts[skipped] = Int32(index) } }
            previous = cell
        }
        for cell in (previous + 1)...(rows * columns) { starts[cell] = Int32(latitudes.count) }
        return starts
    }

    static func cell(latitude: Int32, longitude: Int32, cellsPerDegree: Int) -> Int {
        let step = 10_000 / cellsPerDegree
        let row = min(Int(latitude) / step, 180 * cellsPerDegree - 1)
        let column = min(Int(longitude) / step, 360 * cellsPerDegree - 1)
        return row * 360 * cellsPerDegree + column
    }
}

/// Why the offline gazetteer could not be used.
public enum GazetteerError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(searched: [String])
    case unreadable(path: String, message: String)
    case damaged(path: String, message: String)

    public var description: String {
        switch self {
        case .notFound(let searched):
            "the offline gazetteer (gazetteer.bin) is not installed; looked in " + searched.joined(separator: ", ")
        case .unreadable(let path, let message): "the offline gazetteer \(path) could not be read: \(message)"
        case .damaged(let path, let message): "the offline gazetteer \(path) is damaged (\(message)); rebuild it with scripts/build-gazetteer.py"
        }
    }
}

/// Little-endian fields of the table, with bounds checked.
private struct TableReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func bytes(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, offset + count <= bytes.count else { throw Gazetteer.TableProblem(message: "the table ends early") }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func u8() throws -> UInt8 { try bytes(1).first! }
    mutating func u16() throws -> UInt16 { UInt16(try unsigned(2)) }
    mutating func u24() throws -> UInt32 { UInt32(try unsigned(3)) }
    mutating func u32() throws -> UInt32 { UInt32(try unsigned(4)) }

    private mutating func unsigned(_ width: Int) throws -> UInt64 {
        try bytes(width).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func text(length: Int) throws -> String { String(decoding: try bytes(length), as: UTF8.self) }
    mutating func shortText() throws -> String { try text(length: Int(try u8())) }
}
