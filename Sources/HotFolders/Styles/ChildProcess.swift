import Foundation
import Glibc

/// A generator command started with `posix_spawn`, not Foundation's `Process`, for what a child
/// of this agent must not inherit: photo work runs on GCD threads, which block almost every
/// signal, and a spawned child keeps its parent thread's mask, so a generator started by
/// `Process` could not be interrupted by SIGTERM or SIGINT at all. Here the child starts with no
/// signal blocked and every signal at its default, in a process group of its own (so a timeout
/// stops whatever it started too), with stdin and stdout on /dev/null, stderr to a file, and no
/// descriptor of the agent's left open (the catalog, the agent lock).
struct ChildProcess {
    let pid: pid_t

    /// How it ended.
    enum Ending: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    /// Starts `executable` with `arguments` (argv[1...]) in `directory`, stderr to `errors`.
    static func spawn(_ executable: String, arguments: [String], directory: URL?, errors: URL) throws(SystemError) -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errors.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }
        if let directory {
            guard let addChdir = Self.addChdir else { throw SystemError("change into (this C library cannot)", directory.path, code: ENOSYS) }
            _ = addChdir(&actions, directory.path)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard status == 0 else { throw SystemError("start", executable, code: status) }
        return ChildProcess(pid: pid)
    }

    /// How it ended, or nil while it runs.
    func poll() -> Ending? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == 0 || (result < 0 && errno == EINTR) { return nil }
        guard result == pid else { return .signalled(SIGKILL) }  // already reaped: nothing more to learn
        return Self.ending(status)
    }

    /// Waits for the end (after a kill, where it is near).
    func wait() -> Ending {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .signalled(SIGKILL) }
        }
        return Self.ending(status)
    }

    /// Sends `signal` to the child's whole process group.
    func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
    }

    /// `WIFEXITED`/`WEXITSTATUS`/`WTERMSIG`, which are macros C keeps to itself.
    private static func ending(_ status: Int32) -> Ending {
        status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
    }

    // glibc declares these only for _GNU_SOURCE, which Swift's Glibc module is not built with;
    // both have been in glibc for years (addchdir_np 2.29, addclosefrom_np 2.34).
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let addChdir: AddChdir? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }
    private static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddCloseFrom.self) }
}
