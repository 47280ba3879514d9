import Foundation
import Glibc
import Vips

/// `hotfolders restyle`: makes one style of a photo already processed again, from its original,
/// into the same outbox place, and records it. With the seed the catalog recorded (the default)
/// a built-in look gives the same bytes again and a generator receives the same request; with
/// another seed (`--seed N`, `--new-seed`) it makes a variation. Also how failed styles are
/// retried (`--failed`).
public struct Restyler: Sendable {
    /// A processed photo and the file its pixels are read from (its original).
    public struct Target: Sendable, Equatable {
        public var photo: PhotoRecord
        public var source: URL
    }

    /// Which seed a result is made with.
    public enum SeedChoice: Sendable, Equatable {
        /// The one the catalog recorded for this photo and style, else the album's fixed one,
        /// else a random one.
        case recorded
        case given(UInt32)
        /// A fresh random one.
        case fresh
    }

    /// What one restyle did.
    public struct Result: Sendable {
        public var target: Target
        public var style: String
        public var seed: UInt32
        /// Relative to root, when made.
        public var output: String?
        public var failure: StyleFailure?
    }

    public let configuration: Configuration
    public let catalog: Catalog
    public let events: EventLog
    let studio: StyleStudio
    /// Watermark logos, decoded once for all the photos restyled.
    let logos = WatermarkLogos()

    public init(workspace: Workspace) {
        configuration = workspace.configuration
        catalog = workspace.catalog
        events = workspace.events
        studio = workspace.pipeline.styles
    }

    // MARK: Finding the photo

    /// The processed photo `argument` names: a path (absolute, or from `currentDirectory`) to
    /// one of its outputs in the outbox, or to its original wherever it is (originals/, the
    /// inbox, failed/, elsewhere), found by content in its album (`album`, else the album
    /// folder it sits in, else its folder's name).
    public func target(for argument: String, album: String?, currentDirectory: URL) throws(RestyleError) -> Target {
        let url = (argument.hasPrefix("/") ? URL(fileURLWithPath: argument) : currentDirectory.appendingPathComponent(argument))
            .standardizedFileURL
        var info = stat()
        guard stat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw .notFound(argument) }
        let layout = configuration.layout
        let relative = [layout.relative(url), layout.relative(url.resolvingSymlinksInPath())].first { !$0.hasPrefix("/") }

        if let relative, relative.hasPrefix("outbox/") {
            guard let photo = try? catalog.photo(outputPath: relative) else { throw .notInCatalog(argument, album: nil) }
            return Target(photo: photo, source: try original(of: photo))
        }
        let inspection: Inspection
        do { inspection = try Inspection.of(url) } catch { throw .unreadable(argument, "\(error)") }
        let parts = relative?.split(separator: "/").map(String.init) ?? []
        let placed = parts.count >= 3 && ["originals", "inbox", "failed"].contains(parts[0]) ? parts[1] : nil
        let albumName = album ?? placed ?? url.deletingLastPathComponent().lastPathComponent
        guard let photo = try? catalog.photo(album: albumName, sha256: inspection.sha256), photo.status == .done else {
            throw .notInCatalog(argument, album: albumName)
        }
        return Target(photo: photo, source: url)
    }

    /// Where a processed photo's original is now.
    func original(of photo: PhotoRecord) throws(RestyleError) -> URL {
        let root = configuration.layout.root
        let url: URL
        switch photo.disposition {
        case .archived, .failed, .kept:
            guard let path = photo.dispositionPath else { throw .originalGone(photo.album + "/" + photo.originalName) }
            url = root.appendingPathComponent(path)
        case nil:
            url = configuration.layout.inbox(album: photo.album).appendingPathComponent(photo.originalName)
        case .deleted:
            throw .originalGone(photo.album + "/" + photo.originalName)
        }
        guard FileManager.default.fileExists(atPath: url.path) else { throw .originalGone(photo.album + "/" + photo.originalName) }
        return url
    }

    /// Every failed style with its photo (or why the photo cannot be restyled), newest first.
    public func failedStyles(album: String? = nil) throws -> [(style: String, target: Swift.Result<Target, RestyleError>)] {
        try catalog.failedStyles(album: album).map { failure in
            guard let photo = try catalog.photo(id: failure.photoID) else {
                return (failure.style, .failure(.notInCatalog("\(failure.album)/\(failure.file)", album: failure.album)))
            }
            let source = Swift.Result { () throws(RestyleError) -> URL in try original(of: photo) }
            return (failure.style, source.map { Target(photo: photo, source: $0) })
        }
    }

    // MARK: Making it

    /// Makes `styleName` of the photo again and writes it to its outbox place. A style that
    /// fails is recorded as failed (catalog, event log) and returned with its failure; a
    /// problem that stops it before rendering (an unknown style, an unreadable original) throws.
    public func restyle(_ target: Target, style styleName: String, seed choice: SeedChoice = .recorded) async throws(RestyleError) -> Result {
        let photo = target.photo
        let settings = configuration.settings(forAlbum: photo.album)
        guard let style = studio.library.registry[styleName] else {
            throw .unknownStyle(styleName, suggestion: KeySuggestion.closest(to: styleName, among: studio.library.registry.names))
        }
        if !style.isLook, studio.library.generator(for: style, album: settings.style) == nil {
            throw .noGenerator(styleName)
        }
        let recorded = try? catalog.styleResult(photoID: photo.id, style: styleName)
        let seed: UInt32 = switch choice {
        case .given(let seed): seed
        case .fresh: StyleSettings.randomSeed()
        case .recorded: recorded?.seed ?? settings.style.seed(for: style)
        }

        let image: VipsImage
        do {
            image = try PreprocessRule(settings: settings.preprocess).prepare(path: target.source.path)
        } catch {
            throw .unreadable(target.source.path, "\(error)")
        }
        let outputs = (try? catalog.outputs(photoID: photo.id)) ?? []
        let baseName = Self.baseName(of: photo, outputs: outputs, style: styleName)
        let rendered = await studio.render(style, of: image, seed: seed, settings: settings.style, album: photo.album,
                                           file: photo.originalName, baseName: baseName)
        let outcome = watermarking(rendered, of: target, settings: settings)
        var record = StyleResultRecord(photoID: photo.id, style: style, outcome: outcome)
        var result = Result(target: target, style: styleName, seed: seed, output: nil, failure: outcome.failure)

        guard let styled = outcome.image else {
            try? catalog.recordStyle(record)
            events.record(outcome.event(album: photo.album, file: photo.originalName, restyle: true))
            return result
        }
        let writer = OutboxWriter(layout: configuration.layout, catalog: catalog)
        var written: [OutputRecord] = []
        do {
            let encoding = settings.encoding(settings.style.encoding(with: settings.preprocess), forVariant: styleName)
            let encoded = OutboxWriter.Encoded(variant: styleName, suffix: "",
                                               bytes: try encoding.encode(styled, metadataFrom: image, output: styleName),
                                               width: styled.width, height: styled.height, format: encoding.format)
            written = try writer.write([encoded], baseName: baseName, album: photo.album, photoID: photo.id)
            defer { writer.release(written.map(\.path)) }
            record.outputPath = written.first?.path
            try catalog.recordRestyle(record, output: written.first)
        } catch {
            writer.release(written.map(\.path))
            var failed = outcome
            failed.result = .failure(StyleFailure("the result could not be written to the outbox", detail: "\(error)"))
            events.record(failed.event(album: photo.album, file: photo.originalName, restyle: true))
            throw .cannotWrite("\(error)")
        }
        events.record(outcome.event(album: photo.album, file: photo.originalName, restyle: true))
        // A result written under another name (the format changed) leaves no stale file behind.
        if let old = outputs.first(where: { $0.variant == styleName })?.path, old != written.first?.path {
            try? FileManager.default.removeItem(at: configuration.layout.root.appendingPathComponent(old))
        }
        result.output = written.first?.path
        return result
    }

    /// The stem the photo's results are named after: that of its earlier result of this style,
    /// else of its `web` output, else of any output, else of its original ("day 2/IMG_7").
    static func baseName(of photo: PhotoRecord, outputs: [OutputRecord], style: String) -> String {
        let chosen = outputs.first { $0.variant == style } ?? outputs.first { $0.variant == "web" } ?? outputs.first
        if let chosen {
            let prefix = "outbox/\(photo.album)/\(chosen.variant)/"
            if chosen.path.hasPrefix(prefix) {
                let stem = (String(chosen.path.dropFirst(prefix.count)) as NSString).deletingPathExtension
                if !stem.isEmpty { return stem }
            }
        }
        let stem = (photo.originalName as NSString).deletingPathExtension
        return stem.isEmpty ? photo.originalName : stem
    }
}

/// Why a restyle could not start, in plain words.
public enum RestyleError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(String)
    case notInCatalog(String, album: String?)
    case originalGone(String)
    case unreadable(String, String)
    case unknownStyle(String, suggestion: String?)
    case noGenerator(String)
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .notFound(let path): "\(path): no such file"
        case .notInCatalog(let path, let album):
            "\(path): not a photo hotfolders has processed" + (album.map { " in album \"\($0)\"" } ?? "")
                + " (drop it into inbox/<Album>/ first, or name its album with --album)"
        case .originalGone(let photo):
            "\(photo): its original is no longer there (after = \"delete\", or moved away), so the style cannot be made again"
        case .unreadable(let path, let detail): "\(path): cannot be read as a photo (\(detail))"
        case .unknownStyle(let name, let suggestion):
            "unknown style \"\(name)\"" + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? "") + "; `hotfolders styles` lists them"
        case .noGenerator(let name): "style \"\(name)\" needs a generator, and none is configured for it"
        case .cannotWrite(let detail): "the result could not be written to the outbox: \(detail)"
        }
    }
}
