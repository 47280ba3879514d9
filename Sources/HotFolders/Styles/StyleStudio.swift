import Foundation
import Vips

/// Makes styles: the built-in looks here with libvips, the others through their generators,
/// each generator taking at most its `max_in_flight` styles at once across every photo in
/// flight. One per pipeline (a reload makes a new one with the new configuration).
public final class StyleStudio: Sendable {
    public let library: StyleLibrary
    private let limits: [String: InFlightLimit]

    public init(library: StyleLibrary) {
        self.library = library
        limits = library.generators.mapValues { InFlightLimit($0.maxInFlight) }
    }

    /// Makes `style` of one photo from its preprocessed image. Never throws: a failure is this
    /// style's outcome, and the photo's other results go on.
    public func render(_ style: Style, of image: VipsImage, seed: UInt32, settings: StyleSettings,
                       album: String, file: String, baseName: String) async -> StyleOutcome {
        let clock = ContinuousClock()
        let began = clock.now
        var outcome = StyleOutcome(style: style.name, backend: "built-in", seed: seed, result: .failure(StyleFailure("not made")),
                                   attempts: 1, started: Date())
        await make(style, of: image, settings: settings, album: album, file: file, baseName: baseName, into: &outcome)
        outcome.duration = clock.now - began
        return outcome
    }

    private func make(_ style: Style, of image: VipsImage, settings: StyleSettings, album: String, file: String,
                      baseName: String, into outcome: inout StyleOutcome) async {
        let seed = outcome.seed
        if let look = style.look {
            do {
                outcome.result = .success(try look.render(image, seed: seed))
            } catch {
                outcome.result = .failure(StyleFailure("libvips could not make look \"\(look.look.rawValue)\"", detail: "\(error)"))
            }
            return
        }
        guard let generator = library.generator(for: style, album: settings), let limit = limits[generator.name] else {
            outcome.backend = style.namedGenerator ?? settings.generator ?? "-"
            outcome.result = .failure(StyleFailure("no generator is configured for style \"\(style.name)\""))
            return
        }
        outcome.backend = generator.name
        var attempts = 0
        var remoteID: String?
        do {
            let handed = try Self.scaled(image, toFit: generator.maxEdge)
            let job = GeneratorJob(style: style, image: handed, seed: seed, album: album, file: file, baseName: baseName)
            let output = try await limit.run { () async throws -> GeneratorOutput in
                switch generator.kind {
                case .command:
                    let command = CommandGenerator(settings: generator)
                    return try await StyleRetry(retries: generator.retries, wait: generator.retryWait).run(attempts: &attempts) {
                        try await command.generate(job)
                    }
                case .http:
                    attempts = 1
                    return try await ReplicateGenerator(settings: generator).generate(job, tries: &attempts, remoteID: &remoteID)
                }
            }
            outcome.log = output.log
            outcome.result = .success(output.image)
        } catch let failure as StyleFailure {
            outcome.result = .failure(failure)
        } catch {
            outcome.result = .failure(StyleFailure("generator \"\(generator.name)\" failed", detail: "\(error)"))
        }
        outcome.attempts = max(1, attempts)
        outcome.remoteID = remoteID
    }

    /// The image scaled down to fit `maxEdge` (never up), in memory.
    private static func scaled(_ image: VipsImage, toFit maxEdge: Int?) throws -> VipsImage {
        guard let maxEdge, max(image.width, image.height) > maxEdge else { return image }
        let scale = Double(maxEdge) / Double(max(image.width, image.height))
        do {
            return try image.resized(scale: scale).inMemory()
        } catch {
            throw StyleFailure("the photo could not be scaled for the generator", detail: "\(error)")
        }
    }
}

/// One style of one photo, made or not: what the catalog and the event log record.
public struct StyleOutcome: Sendable {
    public var style: String
    /// "built-in", or the generator's name.
    public var backend: String
    public var seed: UInt32
    public var result: Result<VipsImage, StyleFailure>
    /// Tries, retries included (command runs; HTTP requests tried again).
    public var attempts: Int
    /// The generator's id for the request (a prediction id).
    public var remoteID: String?
    /// What the generator said (a command's stderr, a prediction's logs), its end.
    public var log: String?
    public var started: Date
    public var duration: Duration = .zero

    public var failure: StyleFailure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    public var image: VipsImage? { try? result.get() }
}
