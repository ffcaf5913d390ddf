namespace DataSpace.Cli;

/// <summary>The exit codes of <c>dsc</c>; scripts rely on them, so they never change meaning.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A signature, proof or checkpoint did not verify (reserved for the verifying verbs).</summary>
    public const int VerificationFailed = 1;

    /// <summary>The command line was wrong: unknown verb or option, missing or bad value.</summary>
    public const int Usage = 2;

    /// <summary>An input could not be used, such as a malformed key file or a wrong passphrase.</summary>
    public const int InputError = 3;

    /// <summary>A file could not be read or written, or exists and would be overwritten.</summary>
    public const int IoError = 4;
}
