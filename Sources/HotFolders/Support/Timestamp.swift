import Foundation

/// ISO 8601 in UTC with a Z and milliseconds: the one time format everything the agent writes uses.
public enum Timestamp {
    public static func string(_ date: Date = Date()) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash)
            .time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted))
    }
}
