import Foundation
import Glibc

/// A small HTTP server written for a test (Python's http.server), on 127.0.0.1 and a free port:
/// a stand-in that speaks a remote service's real protocol. `script` defines a handler class `H`.
final class LocalHTTPServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    init(script: String) throws {
        // Port 0: the server takes whatever port the kernel gives it and says which, so no other
        // test can take the port between its choice and the bind.
        let program = script + """

            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
            print(f"ready {server.server_port}", flush=True)
            server.serve_forever()
            """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", program]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        // Wait for the server to say it listens (a line on stdout), not for a fixed time.
        // Up to the end of the line: unbuffered, Python may write it in pieces.
        var bytes = Data()
        while !bytes.contains(UInt8(ascii: "\n")) {
            let more = pipe.fileHandleForReading.availableData
            if more.isEmpty { break }
            bytes += more
        }
        let line = String(decoding: bytes, as: UTF8.self)
        let words = line.split(whereSeparator: \.isWhitespace)
        guard words.first == "ready", words.count > 1, let port = Int(words[1]) else {
            // Not left running: it would hold the test runner's output open, and the run with it.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw AgentFailure("the test server did not start: \(line)")
        }
        self.port = port
    }

    func stop() {
        // SIGKILL: a child started from the test runner inherits its blocked SIGTERM.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
