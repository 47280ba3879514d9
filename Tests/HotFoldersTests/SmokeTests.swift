import Testing
@testable import HotFolders

@Test func layoutPlacesAlbumsUnderRoot() {
    let layout = Layout(root: URL(fileURLWithPath: "/tmp/r"))
    #expect(layout.outbox(album: "A", variant: "web").path == "/tmp/r/outbox/A/web")
}
import Foundation
