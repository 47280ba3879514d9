import ArgumentParser

/// How every command ends, for scripts and for the systemd unit (which restarts `run` on any
/// failure but 78). The same list is in the README and in `hotfolders --help`.
enum ExitStatus: Int32, Sendable {
    case ok = 0
    /// Some photo, style or deploy failed (`process`, `retry`, `deploy`, `restyle`), or a
    /// fault that may pass by itself (a full disk) stopped the command.
    case failures = 1
    /// `process` and `deploy`: nothing failed, but some photos wait to be deployed because the
    /// store could not be reached; the agent or the next `hotfolders deploy` sends them.
    case pending = 2
    /// EX_USAGE: the command line itself is wrong (an unknown option, a bad value).
    case usage = 64
    /// EX_TEMPFAIL: `run` stopped with photos still in flight at `shutdown_timeout`; they stay
    /// in the inbox and are redone at the next start.
    case cutShort = 75
    /// EX_CONFIG: what only the user can fix: the configuration, a root or state folder that is
    /// missing or cannot be written, a catalog that cannot open, another agent on the same root.
    case configuration = 78

    /// Ends the command with this status and no further message.
    var exit: ExitCode { ExitCode(rawValue) }

    /// The list for `--help` texts.
    static let help = """
        Exit status: 0 done; 1 a photo, style or deploy failed; 2 nothing failed but deploys \
        are still pending; 64 a mistake on the command line; 75 the agent stopped with photos cut short by \
        shutdown_timeout (redone at the next start); 78 the configuration, root or state \
        folder (or another agent on the same root) must be fixed first.
        """
}
