import Foundation
import Testing
@testable import HotFolders

/// What `process` says and how it exits when not everything went through: a failed style is on
/// its photo's line and in the summary and exits 1, as a failed photo or deploy does; deploys
/// that stay pending (the store unreachable) are said and exit 2.
@Suite struct ProcessExitStatusTests {
    @Test func aFailedStyleIsOnThePhotosLineAndInTheSummaryAndExits1() throws {
        let ws = TestWorkspace("exit-style")
        try ws.configure("""
            [generators.broken]
            type = "command"
            command = ["false", "{input}", "{output}"]
            retries = 0
            [styles.Dream]
            prompt = "a dream"
            [defaults]
            rules = ["preprocess", "style"]
            styles = ["bw", "Dream"]
            """)
        try ws.dropGenerated(album: "Trip", as: "p1.jpg", width: 160, height: 120)

        let batch = try CommandLineTool.run(["process", "--config", ws.dir.path("hotfolders.toml").path], logs: ws.dir.path("process"))

        #expect(batch.status == 1, "\(batch.out)\(batch.err)")
        let line = batch.out.split(separator: "\n").first { $0.hasPrefix("processed  Trip/p1.jpg") }.map(String.init) ?? ""
        #expect(line.contains("outbox/Trip/bw/p1.") && line.contains(#"; style "Dream" FAILED: the generator command failed (exit status 1)"#),
                "\(batch.out)")
        #expect(batch.out.contains("1 processed, 0 failed") && batch.out.contains("; 1 style(s) failed"), "\(batch.out)")
        #expect(batch.out.contains("`hotfolders restyle --failed`"), "\(batch.out)")
    }

    @Test func theExitStatusesAreInTheHelp() throws {
        let dir = TemporaryDirectory("exit-help")
        let help = try CommandLineTool.run(["process", "--help"], logs: dir.path("help"))
        #expect(help.status == 0)
        let text = help.out.replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("Exit status: 0 every photo, style and deploy done") && text.contains("2 nothing failed but deploys stay pending")
                && text.contains("64 a mistake on the command line"), "\(help.out)")
    }

    @Test func deploysLeftPendingAreSaidAndExit2() throws {
        let ws = TestWorkspace("exit-pending")
        try ws.configure("""
            [defaults]
            rules = ["preprocess", "deploy"]
            [defaults.deploy]
            target = "s3://photos/{album}/{variant}/"
            endpoint = "http://127.0.0.1:9"
            region = "us-east-1"
            path_style = true
            retries = 0
            """)
        try ws.dropGenerated(album: "Trip", as: "p1.jpg", width: 160, height: 120)

        let batch = try CommandLineTool.run(["process", "--config", ws.dir.path("hotfolders.toml").path], logs: ws.dir.path("process"),
                                            environment: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret",
                                                          "AWS_PROFILE": ""])

        #expect(batch.status == 2, "\(batch.out)\(batch.err)")
        #expect(batch.out.contains("processed  Trip/p1.jpg -> outbox/Trip/web/p1.webp"), "\(batch.out)")
        #expect(batch.out.contains("1 photo(s) stay pending: the store could not be reached"), "\(batch.out)")
    }
}
