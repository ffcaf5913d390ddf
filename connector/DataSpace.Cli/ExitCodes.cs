namespace DataSpace.Cli;

/// <summary>The exit codes of <c>dsc</c>; scripts rely on them, so they never change meaning.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>
    /// A signature, receipt, proof, checkpoint or log did not verify; or a registered dataset's digest is not the local file's;
    /// or a job's source does not rebuild to its module (dsc job verify-build); or dsc audit fsck found damage or a torn tail
    /// it did not cut; or dsc serve refused to start because its log failed verification.
    /// </summary>
    public const int VerificationFailed = 1;

    /// <summary>The command line was wrong: unknown verb or option, missing or bad value.</summary>
    public const int Usage = 2;

    /// <summary>An input could not be used (a malformed key file, a wrong passphrase, bad JSON), or the connector refused the request (4xx/5xx; its problem detail is printed).</summary>
    public const int InputError = 3;

    /// <summary>
    /// A file could not be read or written, or exists and would be overwritten; or the connector could not be reached; or
    /// dsc serve refused to start because its database is missing (beside a non-empty log), damaged or unreachable.
    /// </summary>
    public const int IoError = 4;

    /// <summary>The job ended without a result: refused (by the policy, the leak check or the supplier's review), rejected, or failed.</summary>
    public const int JobEndedWithoutResult = 5;

    /// <summary>Waiting for a job timed out (--timeout) before it ended.</summary>
    public const int TimedOut = 6;

    /// <summary>The pinned toolchain cannot rebuild a job's source here: it is missing, or another version (dsc job verify-build).</summary>
    public const int ToolchainUnavailable = 7;
}
