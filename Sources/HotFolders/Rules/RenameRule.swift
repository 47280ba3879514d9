import Foundation

/// The `rename` rule: names the photo's outputs from the album's template ("IMG_1234.jpg" taken
/// in Montréal -> "montreal_quebec_1234"), keeping a name the photographer gave, and claims the
/// name in the catalog so no two photos of the album share it.
///
/// Only the last part of `baseName` changes: subfolders of the inbox stay ("day 2/IMG_7" ->
/// "day 2/arezzo_tuscany_7"), and a clash is a clash within one folder.
///
/// Clashes are numbered deterministically: the first photo to claim a name gets it, the next one
/// wanting it gets `_1`, then `_2`. "First" is the order photos reach this rule; `hotfolders
/// process` admits photos in a stable order, so with one worker that is the order of the files,
/// and with several it is the order their metadata is read. Once claimed, a name is the photo's
/// for good: a retry, a run after a crash or the same photo dropped again gets it back, and once
/// its outputs are written it is never renamed, even after the template changes (see
/// `Catalog.claimName`).
public struct RenameRule: Rule {
    public var kind: RuleKind { .rename }
    public var settings: RenameSettings
    /// `{year}` for a photo without a capture date (the metadata settings' `year_fallback`).
    public var yearFallback: YearFallback

    public init(settings: RenameSettings, yearFallback: YearFallback = .none) {
        self.settings = settings
        self.yearFallback = yearFallback
    }

    public func apply(to photo: inout PhotoWork, in context: RuleContext) async throws {
        let folders = photo.baseName.split(separator: "/").dropLast().map(String.init)
        let stem = wantedStem(for: photo)
        let claim: NameClaim
        do {
            let published = try publishedName(photoID: context.photoID, catalog: context.catalog)
            claim = try context.catalog.claimName(album: photo.album, photoID: context.photoID) { sequence in
                published ?? (folders + [stem(sequence)]).joined(separator: "/")
            }
        } catch {
            throw RuleError("the catalog could not record the photo's new name", detail: "\(error)")
        }
        if claim.clash > 0 {
            context.logger.debug("\(photo.album)/\(photo.originalName): \(claim.wanted) is taken, named \(claim.name)")
        }
        photo.baseName = claim.name
    }

    /// The name of outputs the photo already has from before its album renamed (processed again
    /// with `duplicates = "process"`, say): kept, so published files are not renamed and left
    /// behind as strays. nil when it has a claim (the catalog keeps that one) or no outputs.
    func publishedName(photoID: Int64, catalog: Catalog) throws -> String? {
        guard try catalog.nameClaim(photoID: photoID) == nil else { return nil }
        let outputs = try catalog.outputs(photoID: photoID)
        guard !outputs.isEmpty, let record = try catalog.photo(id: photoID) else { return nil }
        return Restyler.baseName(of: record, outputs: outputs, style: "")
    }

    /// The stem the photo asks for, given its number in the album (`{counter}`).
    func wantedStem(for photo: PhotoWork) -> (_ sequence: Int) -> String {
        let original = PhotoTokens.originalStem(photo.originalName)
        if settings.keepMeaningful && !settings.generic.isGeneric(original) {
            // Room for a clash counter within the outbox's cap (bytes: the name may be any script).
            var kept = Self.finished(original, maxLength: .max)
            while kept.utf8.count > OutboxWriter.maxStemBytes - 6 { kept = Self.finished(String(kept.dropLast()), maxLength: .max) }
            if !kept.isEmpty { return { _ in kept } }
        }
        let needsPlace = settings.template.tokens.contains(where: PhotoTokens.placeTokens.contains)
        let template = needsPlace && photo.metadata?.place == nil ? settings.fallback : settings.template
        let tokens = PhotoTokens(photo, yearFallback: yearFallback, generic: settings.generic)
        // Slugs are made once, uncapped; shortening below only cuts them.
        var slugs: [String: String] = [:]
        for token in template.tokens where token != "counter" {
            if token == "place_slug", let place = photo.metadata?.place {
                slugs[token] = PhotoTokens.placeSlug(place, maxLength: .max)
            } else if let value = tokens.value(of: token) {
                slugs[token] = Slug.of(value, maxLength: .max)
            }
        }
        let hash = tokens.value(of: "hash")
        let maxLength = settings.maxLength
        let made = slugs
        return { sequence in
            var values = made
            values["counter"] = String(format: "%04d", sequence)
            let name = Self.render(template, slugs: values, maxLength: maxLength)
            return name.isEmpty ? ["photo", hash].compactMap { $0 }.joined(separator: "_") : name
        }
    }

    /// The template filled with `slugs`, at most `maxLength` characters: the longest values are
    /// shortened first, so a short `{seq}` at the end outlives a long place name.
    static func render(_ template: TextTemplate, slugs: [String: String], maxLength: Int) -> String {
        func filled(cap: Int) -> String {
            finished(template.render { token in slugs[token].map { Slug.capped($0, at: cap) } }, maxLength: .max)
        }
        var cap = slugs.values.map(\.count).max() ?? 0
        var name = filled(cap: cap)
        while name.count > maxLength && cap > 4 {
            cap -= 1
            name = filled(cap: cap)
        }
        return finished(name, maxLength: maxLength)
    }

    /// A stem safe as one file name: no folder separator or control character, no dot, space or
    /// joiner at either end (a leading dot would hide the file, a trailing `_` looks cut).
    static func finished(_ text: String, maxLength: Int) -> String {
        var name = String(text.map { character -> Character in
            let unsafe = character == "/" || character == "\\"
                || character.unicodeScalars.contains { $0.properties.generalCategory == .control }
            return unsafe ? "_" : character
        })
        let edge: (Character) -> Bool = { $0.isWhitespace || $0 == "." || $0 == "_" || $0 == "-" }
        name = String(name.drop(while: edge).reversed().drop(while: edge).reversed())
        guard name.count > maxLength else { return name }
        return String(String(name.prefix(maxLength)).reversed().drop(while: edge).reversed())
    }
}
