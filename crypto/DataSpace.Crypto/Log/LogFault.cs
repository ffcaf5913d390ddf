namespace DataSpace.Crypto.Log;

/// <summary>
/// The log stopped taking appends because a write failed (docs/audit-log.md, "Write failures"): what failed, and how
/// many attempts to resume have failed since. It resumes by itself once a probe write succeeds.
/// </summary>
/// <param name="Reason">The failure, such as "No space left on device".</param>
/// <param name="Size">The acknowledged size the log holds; nothing past it was kept.</param>
/// <param name="FailedRetries">Attempts to resume that failed so far.</param>
public sealed record LogFault(string Reason, long Size, int FailedRetries);
