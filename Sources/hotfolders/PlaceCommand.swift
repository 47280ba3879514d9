import ArgumentParser
import Foundation
import HotFolders

struct PlaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "place",
        abstract: "Set the place of a photo by hand; no later run changes it.",
        discussion: """
            PLACE is "Name", "Name, Region", "Name, Region, Country" or "Name, Country" \
            ("Montreal, Quebec", "Paris, France"). The words are kept as typed; the offline \
            gazetteer adds the country and its code when it knows the place. The place is recorded \
            in the catalog for the photo's content, so it holds in every album and for every later \
            run, and it wins over the album's `place` and the GPS. Outputs already written keep \
            their names. Without PLACE, shows the place set by hand, if any.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Forget the place set by hand: the next run names the photo from its GPS again.")
    var clear = false

    @Argument(help: ArgumentHelp("The photo (anywhere: it is found by its content), or a file of it in the outbox.",
                                 valueName: "file"))
    var file: String

    @Argument(help: ArgumentHelp("The place, such as \"Montreal, Quebec\".", valueName: "place"))
    var place: String?

    func validate() throws {
        if clear && place != nil { throw ValidationError("give either a PLACE or --clear, not both") }
        if let place, place.split(separator: ",").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("the place has no name in it: \"\(place)\"")
        }
    }

    func run() async throws {
        let configuration = try global.loadConfiguration()
        let (catalog, lookup) = try Console.lookUp(file, configuration: configuration)
        let known = lookup.photos.isEmpty ? "not in the catalog yet; it applies when the photo is processed"
            : "for " + lookup.photos.map { "\($0.album)/\($0.originalName)" }.joined(separator: ", ")

        if clear {
            let removed = try catalog.removePlaceOverride(sha256: lookup.sha256)
            print(removed ? "Forgot the place set by hand (\(known)); its GPS names it the next time it is read."
                          : "No place was set by hand for this photo.")
            return
        }
        guard let place else {
            if let override = try catalog.placeOverride(sha256: lookup.sha256) {
                let parts = [override.place, override.region, override.country].compactMap { $0 }
                print("\(parts.joined(separator: ", ")) (set \(Timestamp.string(override.setAt)); \(known))")
            } else {
                print("No place set by hand for this photo.")
            }
            return
        }
        guard let override = PlaceOverride.typed(place, sha256: lookup.sha256) else {
            throw ValidationError("the place has no name in it: \"\(place)\"")
        }
        let updated = try catalog.setPlaceOverride(override)
        let parts = [override.place, override.region, override.country].compactMap { $0 }
        let code = override.countryCode.map { " [\($0)]" } ?? ""
        print("Place set: \(parts.joined(separator: ", "))\(code) (\(known))."
            + (updated > 0 ? " Its catalog entry now shows it; later runs keep it." : ""))
    }
}
