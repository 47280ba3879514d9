import Foundation
import GRDB

/// One row of the `name_claim` table: the name a photo's outputs carry in its album.
public struct NameClaim: Sendable, Equatable, FetchableRecord {
    public var photoID: Int64
    public var album: String
    /// The stem claimed, subfolders included ("day 2/arezzo_tuscany_0010").
    public var name: String
    /// The stem the template gave; `name` adds `_<clash>` when another photo had it first.
    public var wanted: String
    public var clash: Int
    /// The photo's number in the album (`{counter}`), in the order names were claimed.
    public var sequence: Int
    public var claimed: Date

    public init(row: Row) throws {
        photoID = row["photo_id"]
        album = row["album"]
        name = row["name"]
        wanted = row["wanted"]
        clash = row["clash"]
        sequence = row["sequence"]
        claimed = try Timestamp.required(row, "claimed")
    }
}
