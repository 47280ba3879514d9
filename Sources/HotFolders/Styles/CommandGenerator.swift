import Foundation
import Glibc
import Vips

/// A `type = "command"` generator: a program on this machine, given its arguments as an argv
/// template (no shell ever reads them, so quotes, spaces and `$(...)` in a prompt or a name stay
/// inside their one argument). It reads the photo from `{input}` and writes its result to
/// `{output}`, both in a private temporary folder; its stderr goes to the event log. A non-zero
/// exit, a missing or unreadable result, or running past `timeout` (it is then stopped, with
/// anything it started) fails this style only.
struct CommandGenerator: Sendable {
    let settings: GeneratorSettings
    /// Where `PATH` is looked up.
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// How long a stopped command gets between SIGTERM and SIGKILL.
    static let grace: Duration = .seconds(2)
    /// How much of stderr is kept for the event log (its end, where the error usually is).
    static let logLimit = 4000

    func generate(_ job: GeneratorJob) async throws(StyleFailure) -> GeneratorOutput {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("hotfolders-style-\(UUID().uuidString.prefix(12))", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StyleFailure("a temporary folder for the generator could not be made", detail: "\(error)", transient: true)
        }
        defer { try? FileManager.default.removeItem(at: folder) }

        // Named after the photo, so the command (and its log) can tell which one it works on.
        let stem = OutboxWriter.capped(String(job.baseName.split(separator: "/").last ?? "photo"))
        let input = folder.appendingPathComponent("\(stem).\(settings.inputFormat.fileExtension)")
        let output = folder.appendingPathComponent("\(stem).styled.png")
        do {
            let encoding = Encoding(format: settings.inputFormat, quality: 95)
            try Data(encoding.encode(job.image)).write(to: input)
        } catch {
            throw StyleFailure("the photo could not be handed to the generator", detail: "\(error)")
        }

        var values = job.values(defaults: settings.defaults)
        values["input"] = .text(input.path)
        values["image"] = .text(input.path)
        values["output"] = .text(output.path)
        let arguments: [String]
        do {
            arguments = try settings.command.map { element throws(StyleTemplate.Missing) in try StyleTemplate.fill(element, with: values) }
        } catch {
            throw StyleFailure("the command of generator \"\(settings.name)\" names {\(error.field)}, which style \"\(job.style.name)\" does not have")
        }
        let log = try await run(arguments, in: folder)

        guard let bytes = FileManager.default.contents(atPath: output.path) else {
            throw StyleFailure("the generator command finished but wrote no result to {output}", detail: log)
        }
        do {
            return GeneratorOutput(image: try VipsImage.generatorResult(Array(bytes), from: "the generator command's result"),
                                   log: log)
        } catch {
            throw StyleFailure(error.reason, detail: error.detail ?? log)
        }
    }

    /// Runs the command to its end or its timeout; returns the end of its stderr.
    private func run(_ arguments: [String], in folder: URL) async throws(StyleFailure) -> String? {
        guard let program = arguments.first, !program.isEmpty else {
            throw StyleFailure("the command of generator \"\(settings.name)\" is empty")
        }
        guard let executable = resolve(program) else {
            throw StyleFailure("the generator command \"\(program)\" was not found (looked in $PATH)")
        }
        let errors = folder.appendingPathComponent("stderr.log")
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(executable.path, arguments: Array(arguments.dropFirst()),
                                           directory: settings.workingDirectory, errors: errors)
        } catch {
            throw StyleFailure("the generator command \"\(program)\" could not be started", detail: "\(error)")
        }

        let deadline = ContinuousClock.now + settings.timeout
        var ending = child.poll()
        while ending == nil, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(25))
            ending = child.poll()
        }
        let timedOut = ending == nil
        if timedOut {
            child.signalGroup(SIGTERM)
            let grace = ContinuousClock.now + Self.grace
            while ending == nil, ContinuousClock.now < grace {
                try? await Task.sleep(for: .milliseconds(25))
                ending = child.poll()
            }
            // Signalled only while the command is unreaped, so its group id cannot have been reused.
            if ending == nil {
                child.signalGroup(SIGKILL)
                ending = child.wait()
            }
        }
        let log = Self.tail(of: errors)

        if timedOut {
            throw StyleFailure("the generator command took longer than \(ConfigDuration.text(settings.timeout)) (timeout) and was stopped",
                               detail: log, transient: true)
        }
        switch ending {
        case .exited(0)?: return log
        case .exited(let status)?: throw StyleFailure("the generator command failed (exit status \(status))", detail: log)
        case .signalled(let signal)?: throw StyleFailure("the generator command was killed by signal \(signal)", detail: log)
        case nil: return log
        }
    }

    /// A path as is (relative ones from the working directory), a bare name from `$PATH`.
    private func resolve(_ program: String) -> URL? {
        if program.contains("/") {
            let base = settings.workingDirectory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            let url = program.hasPrefix("/") ? URL(fileURLWithPath: program) : base.appendingPathComponent(program)
            return access(url.path, X_OK) == 0 ? url : nil
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(program)
            var info = stat()
            if stat(candidate.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate.path, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    /// The last `logLimit` characters of a file, trimmed; nil when it is empty.
    private static func tail(of url: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path), !data.isEmpty else { return nil }
        let text = String(decoding: data.suffix(logLimit * 2), as: UTF8.self)
        let trimmed = String(text.suffix(logLimit)).trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
