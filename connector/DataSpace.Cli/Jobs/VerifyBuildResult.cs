namespace DataSpace.Cli.Jobs;

/// <summary>
/// What <c>dsc job verify-build --json</c> prints: the job, the module digest the supplier would approve, the source's
/// digest, the digest of the module the pinned toolchain built from the source (null when it did not build), whether they
/// match, the compiler, and the compiler's messages.
/// </summary>
internal sealed record VerifyBuildResult(
    string JobId, string ModuleDigest, string SourceDigest, string? RebuiltDigest, bool Match, string Compiler, string Diagnostics);
