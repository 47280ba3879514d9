import Foundation
import Testing
@testable import HotFolders

/// The `[metadata]` keys: read, checked with a useful message, laid over per album.
@Suite struct MetadataConfigTests {
    static func load(_ text: String) throws -> Configuration {
        try Configuration.decode(toml: text, source: URL(fileURLWithPath: "/etc/hf/hotfolders.toml"),
                                 environment: ["HOME": "/home/ann"], currentDirectory: URL(fileURLWithPath: "/"))
    }

    static func failure(_ text: String) -> String {
        errorText(or: "no error") { _ = try load(text) }
    }

    @Test func everyMetadataKeyIsReadAndAlbumsLayTheirsOver() throws {
        let config = try Self.load("""
            root = "/r"
            [defaults.metadata]
            geocoder = "nominatim"
            nominatim_url = "https://geo.example.org/nominatim/"
            user_agent = "hotfolders/1.0 (ann@example.org)"
            email = "ann@example.org"
            language = "fr,en"
            max_distance_km = 80
            timezone = "Europe/Paris"
            [album."Montreal 2024".metadata]
            place = "Montreal, Quebec"
            timezone = "America/Toronto"
            clock_offset = "-00:53"
            [album."Home".metadata]
            timezone = ""
            """)
        let defaults = config.defaults.metadata
        #expect(defaults.geocoder == .nominatim && defaults.nominatimURL == "https://geo.example.org/nominatim")
        #expect(defaults.userAgent == "hotfolders/1.0 (ann@example.org)" && defaults.email == "ann@example.org")
        #expect(defaults.language == "fr,en" && defaults.maxDistance == 80 && defaults.timezone == "Europe/Paris")
        #expect(defaults.place == nil && defaults.clockOffset == 0)
        let montreal = config.settings(forAlbum: "Montreal 2024").metadata
        #expect(montreal.place == "Montreal, Quebec" && montreal.timezone == "America/Toronto" && montreal.clockOffset == -3180)
        #expect(montreal.geocoder == .nominatim, "keys an album does not set come from [defaults]")
        #expect(config.settings(forAlbum: "Home").metadata.timezone == nil, "an empty string unsets a default")
        #expect(config.settings(forAlbum: "Home").summaryLines.contains { $0.hasPrefix("metadata: geocoder = \"nominatim\"") })
    }

    @Test func wrongValuesSayWhatWasExpected() {
        func metadata(_ line: String) -> String { Self.failure("root = \"/r\"\n[defaults.metadata]\n\(line)") }
        #expect(metadata(#"timezone = "Europe/Pariss""#)
            == #"/etc/hf/hotfolders.toml: defaults.metadata.timezone: expected an IANA time zone such as "Europe/Paris" or "America/Toronto", found "Europe/Pariss" (did you mean "Europe/Paris"?)"#)
        #expect(metadata(#"timezone = "EST""#).contains("expected an IANA time zone"))
        #expect(metadata(#"clock_offset = "53 minutes""#)
            == #"/etc/hf/hotfolders.toml: defaults.metadata.clock_offset: expected a signed time such as "-00:53" or "+01:00:30" (hours:minutes[:seconds]), found "53 minutes""#)
        #expect(metadata(#"clock_offset = "-00:75""#).contains("expected a signed time"))
        #expect(metadata(#"geocoder = "google""#).hasPrefix(#"/etc/hf/hotfolders.toml: defaults.metadata.geocoder: expected one of "offline", "nominatim""#))
        #expect(metadata(#"nominatim_url = "nominatim.openstreetmap.org""#).contains("is not an http:// or https:// URL"))
        #expect(metadata("max_distance_km = 0").contains("expected an integer from 1 to 500"))
        #expect(metadata(#"email = "ann at example""#).contains("is not an e-mail address"))
        #expect(metadata(#"plaec = "Rome""#) == "/etc/hf/hotfolders.toml: defaults.metadata.plaec: unknown key (did you mean 'place'?)")
        #expect(Self.failure("root = \"/r\"\n[defaults]\nrules = [\"preprocess\", \"metadata\"]") == "no error")
    }
}
