import Foundation

/// The files a batch will process, produced lazily (one directory entry at a time): every
/// album of the inbox, or the files and folders named on the command line.
public struct ArrivalStream: Sequence {
    /// One item: a file to process, or something found on the way that will not be (a symlink,
    /// a file lying loose in `inbox/` outside any album folder).
    public enum Item {
        case arrival(Arrival)
        case skip(Arrival, reason: String)
    }

    enum Source {
        case inbox
        case path(URL)
    }

    let layout: Layout
    let sources: [Source]
    let album: String?
    let ignored: IgnoredNames

    /// Everything waiting in every album folder under `inbox/`.
    public static func inbox(_ layout: Layout, ignoring ignored: IgnoredNames = IgnoredNames()) -> ArrivalStream {
        ArrivalStream(layout: layout, sources: [.inbox], album: nil, ignored: ignored)
    }

    /// Files and folders given by path. A path inside `inbox/<Album>/` belongs to that album and
    /// is put away afterwards like any inbox photo; anything else is read in place and left
    /// there, in `album` if given, else in the album named after its folder.
    public static func paths(_ urls: [URL], album: String?, layout: Layout,
                             ignoring ignored: IgnoredNames = IgnoredNames()) -> ArrivalStream {
        ArrivalStream(layout: layout, sources: urls.map { .path($0.standardizedFileURL) }, album: album, ignored: ignored)
    }

    public func makeIterator() -> AnyIterator<Item> {
        var remaining = sources[...]
        var current: AnyIterator<Item>?
        return AnyIterator {
            while true {
                if let item = current?.next() { return item }
                guard let source = remaining.popFirst() else { return nil }
                current = iterator(for: source)
            }
        }
    }

    private func iterator(for source: Source) -> AnyIterator<Item> {
        switch source {
        case .inbox:
            let walk = FolderWalk(layout.inbox, ignoring: ignored).makeIterator()
            return AnyIterator {
                guard let entry = walk.next() else { return nil }
                return inboxItem(entry)
            }
        case .path(let url):
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                let arrival = Arrival(url: url, album: album ?? "", name: url.lastPathComponent, fromInbox: false)
                return AnyIterator([Item.skip(arrival, reason: "no such file or folder")].makeIterator())
            }
            if !isDirectory.boolValue {
                return AnyIterator([fileItem(url, folderAlbum: url.deletingLastPathComponent().lastPathComponent,
                                             relative: url.lastPathComponent, link: false)].makeIterator())
            }
            let walk = FolderWalk(url, ignoring: ignored).makeIterator()
            return AnyIterator {
                switch walk.next() {
                case nil: return nil
                case .file(let file, let relative)?:
                    return fileItem(file, folderAlbum: url.lastPathComponent, relative: relative, link: false)
                case .link(let file, let relative)?:
                    return fileItem(file, folderAlbum: url.lastPathComponent, relative: relative, link: true)
                case .notUTF8(let file, let relative, let isFolder)?:
                    if file.path.hasPrefix(layout.inbox.path + "/") {
                        let (arrival, reason) = Self.refusal(notUTF8: file, isFolder: isFolder, layout: layout)
                        return .skip(arrival, reason: reason)
                    }
                    let arrival = Arrival(url: file, album: album ?? url.lastPathComponent, name: relative, fromInbox: false)
                    return .skip(arrival, reason: FolderWalk.notUTF8Reason(isFolder: isFolder))
                }
            }
        }
    }

    private func inboxItem(_ entry: FolderWalk.Entry) -> Item {
        let (url, relative, link): (URL, String, Bool)
        switch entry {
        case .file(let file, let path): (url, relative, link) = (file, path, false)
        case .link(let file, let path): (url, relative, link) = (file, path, true)
        case .notUTF8(let file, _, let isFolder):
            let (arrival, reason) = Self.refusal(notUTF8: file, isFolder: isFolder, layout: layout)
            return .skip(arrival, reason: reason)
        }
        let parts = relative.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            let arrival = Arrival(url: url, album: "", name: relative, fromInbox: true)
            return .skip(arrival, reason: link ? "a symlink in inbox/; links are never followed"
                : "lies loose in inbox/; put photos in an album folder (inbox/<Album>/)")
        }
        let arrival = Arrival(url: url, album: parts[0], name: parts[1], fromInbox: true)
        return link ? .skip(arrival, reason: "a symlink; links are never followed") : .arrival(arrival)
    }

    /// What a file or folder under the inbox whose name is not valid UTF-8 is reported as, by a
    /// batch and by the agent: `url` holds the name's display form. An album folder of such a name
    /// is named with a trailing "/" and no album (it is not one); anything in an album is the
    /// album's.
    public static func refusal(notUTF8 url: URL, isFolder: Bool, layout: Layout) -> (Arrival, reason: String) {
        if let place = layout.inboxPlace(of: url) {
            return (Arrival(url: url, album: place.album, name: place.name + (isFolder ? "/" : ""), fromInbox: true),
                    FolderWalk.notUTF8Reason(isFolder: isFolder))
        }
        let arrival = Arrival(url: url, album: "", name: url.lastPathComponent + (isFolder ? "/" : ""), fromInbox: true)
        return (arrival, isFolder ? "the album folder's name is not valid UTF-8; rename it (the photos in it wait until then)"
            : "the name is not valid UTF-8, and it lies loose in inbox/; rename it and put it in an album folder")
    }

    private func fileItem(_ url: URL, folderAlbum: String, relative: String, link: Bool) -> Item {
        let arrival: Arrival
        if let place = layout.inboxPlace(of: url) {
            arrival = Arrival(url: url, album: place.album, name: place.name, fromInbox: true)
            // Named on the command line inside a service folder (`inbox/@eaDir/...`): the
            // walk of the inbox never takes it, nor does a path.
            let folders = [place.album] + place.name.split(separator: "/").dropLast().map(String.init)
            if let ignoredFolder = folders.first(where: { ignored.ignores($0) }) {
                return .skip(arrival, reason: "in \(ignoredFolder)/, a folder the ignore list leaves alone")
            }
        } else {
            arrival = Arrival(url: url, album: album ?? folderAlbum, name: relative, fromInbox: false)
        }
        return link ? .skip(arrival, reason: "a symlink; links are never followed") : .arrival(arrival)
    }
}
