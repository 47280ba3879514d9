import Foundation
import Glibc

extension Pipeline {
    /// A file the agent may not read (mode 000, another owner's private file): it stays where it
    /// is, and one clear event says why and what to do, once until the file changes (not at every
    /// pass); `status` counts it as failed.
    func unreadable(_ arrival: Arrival, _ error: SystemError) -> PhotoOutcome {
        let stage = "intake"
        let reason = "no permission to read the file (hotfolders runs as \(Pipeline.userName)): let that user read it "
            + "(chmod a+r, or chown it) and it is tried again at the next pass"
        var isNews = true
        if arrival.fromInbox, let signature = UnreadableFile.signature(of: arrival.url) {
            isNews = (try? catalog.recordUnreadable(album: arrival.album, name: arrival.name, reason: reason,
                                                    detail: error.description, signature: signature)) ?? true
        }
        if isNews {
            events.record(Event(.failed, level: .error, album: arrival.album, file: arrival.name, stage: stage,
                                reason: reason, detail: error.description,
                                fields: arrival.fromInbox ? ["original": "left in the inbox"] : nil))
        }
        return .failed(stage: stage, reason: reason, movedTo: nil)
    }

    /// The user the agent runs as, for messages about permissions.
    static let userName: String = {
        let uid = geteuid()
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name { return "\(String(cString: name)) (uid \(uid))" }
        return "uid \(uid)"
    }()
}
