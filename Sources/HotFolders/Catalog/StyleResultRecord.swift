import Foundation
import GRDB

/// One row of the `style_result` table: one style of one photo, made or failed, with the seed
/// and the request that made it.
public struct StyleResultRecord: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable, DatabaseValueConvertible {
        case done, failed
    }

    public var photoID: Int64
    public var style: String
    /// "built-in", or the file the style was defined in.
    public var source: String
    /// "built-in", or the generator's name.
    public var backend: String
    public var look: String?
    public var seed: UInt32
    public var prompt: String?
    public var negativePrompt: String?
    public var loraScale: Double?
    public var textEncoderScale: Double?
    /// Every field of the style's entry as used, a JSON object.
    public var parameters: String
    public var status: Status
    public var attempts: Int
    public var remoteID: String?
    /// Relative to root, once the result is written.
    public var outputPath: String?
    public var error: String?
    public var errorDetail: String?
    public var started: Date
    public var finished: Date

    public init(photoID: Int64, style: String, source: String, backend: String, look: String? = nil, seed: UInt32,
                prompt: String? = nil, negativePrompt: String? = nil, loraScale: Double? = nil, textEncoderScale: Double? = nil,
                parameters: String = "{}", status: Status, attempts: Int = 1, remoteID: String? = nil, outputPath: String? = nil,
                error: String? = nil, errorDetail: String? = nil, started: Date, finished: Date) {
        self.photoID = photoID; self.style = style; self.source = source; self.backend = backend; self.look = look
        self.seed = seed; self.prompt = prompt; self.negativePrompt = negativePrompt; self.loraScale = loraScale
        self.textEncoderScale = textEncoderScale; self.parameters = parameters; self.status = status
        self.attempts = attempts; self.remoteID = remoteID; self.outputPath = outputPath; self.error = error
        self.errorDetail = errorDetail; self.started = started; self.finished = finished
    }

    /// The row for `outcome` of `style` for a photo.
    public init(photoID: Int64, style: Style, outcome: StyleOutcome) {
        var fields = style.fields
        if let look = style.look {
            for (name, value) in look.numbers { fields[name] = .number(value) }
            for (name, colour) in look.colours { fields[name] = .text(colour.description) }
        }
        self.init(photoID: photoID, style: style.name, source: style.source.description, backend: outcome.backend,
                  look: style.look?.look.rawValue, seed: outcome.seed, prompt: style.prompt, negativePrompt: style.negativePrompt,
                  loraScale: style.loraScale, textEncoderScale: style.textEncoderScale,
                  parameters: StyleValue.table(fields).json, status: outcome.failure == nil ? .done : .failed,
                  attempts: max(1, outcome.attempts), remoteID: outcome.remoteID, error: outcome.failure?.reason,
                  errorDetail: outcome.failure?.detail ?? (outcome.failure == nil ? nil : outcome.log),
                  started: outcome.started, finished: outcome.started.addingTimeInterval(outcome.duration / .seconds(1)))
    }
}

extension StyleResultRecord: FetchableRecord, TableRecord {
    public static let databaseTableName = "style_result"

    public init(row: Row) throws {
        photoID = row["photo_id"]
        style = row["style"]
        source = row["source"]
        backend = row["backend"]
        look = row["look"]
        seed = UInt32(truncatingIfNeeded: row["seed"] as Int64)
        prompt = row["prompt"]
        negativePrompt = row["negative_prompt"]
        loraScale = row["lora_scale"]
        textEncoderScale = row["text_encoder_scale"]
        parameters = row["parameters"]
        status = row["status"]
        attempts = row["attempts"]
        remoteID = row["remote_id"]
        outputPath = row["output_path"]
        error = row["error"]
        errorDetail = row["error_detail"]
        started = try Timestamp.required(row, "started")
        finished = try Timestamp.required(row, "finished")
    }

    /// Inserts the row, or replaces the photo's earlier result of the same style (whose output
    /// path is cleared until the new output is recorded).
    func upsert(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO style_result (photo_id, style, source, backend, look, seed, prompt, negative_prompt, lora_scale,
                text_encoder_scale, parameters, status, attempts, remote_id, output_path, error, error_detail, started, finished)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)
            ON CONFLICT (photo_id, style) DO UPDATE SET
                source = excluded.source, backend = excluded.backend, look = excluded.look, seed = excluded.seed,
                prompt = excluded.prompt, negative_prompt = excluded.negative_prompt, lora_scale = excluded.lora_scale,
                text_encoder_scale = excluded.text_encoder_scale, parameters = excluded.parameters, status = excluded.status,
                attempts = excluded.attempts, remote_id = excluded.remote_id, output_path = NULL, error = excluded.error,
                error_detail = excluded.error_detail, started = excluded.started, finished = excluded.finished
            """, arguments: [photoID, style, source, backend, look, Int64(seed), prompt, negativePrompt, loraScale,
                             textEncoderScale, parameters, status, attempts, remoteID, error, errorDetail,
                             Timestamp.string(started), Timestamp.string(finished)])
    }
}

/// A style that failed for a photo, as `status` lists it.
public struct StyleFailureSummary: Sendable, Equatable {
    public var photoID: Int64
    public var album: String
    /// The original's path relative to its album folder.
    public var file: String
    public var style: String
    public var backend: String
    public var seed: UInt32
    public var reason: String
    public var detail: String?
    public var time: Date
}
