using DataSpace.Crypto.Checkpoints;

namespace DataSpace.Crypto.Audit;

/// <summary>The outcome of verifying a log export or a served log: valid, or the first failure found.</summary>
public sealed record VerificationResult
{
    public bool IsValid => Failure == VerificationFailure.None;

    public VerificationFailure Failure { get; init; }

    /// <summary>What was wrong, in words an auditor can act on.</summary>
    public string Detail { get; init; } = "";

    /// <summary>The index of the first bad entry, where one can be named.</summary>
    public long? EntryIndex { get; init; }

    /// <summary>The verified checkpoint, when the checkpoint itself verified.</summary>
    public Checkpoint? Checkpoint { get; init; }

    /// <summary>Entries checked.</summary>
    public long EntriesVerified { get; init; }

    public static VerificationResult Valid(Checkpoint checkpoint, long entries) =>
        new() { Checkpoint = checkpoint, EntriesVerified = entries, Detail = $"{entries} entries verify against the signed checkpoint" };

    public static VerificationResult Fail(VerificationFailure failure, string detail, long? entryIndex = null, Checkpoint? checkpoint = null) =>
        new() { Failure = failure, Detail = detail, EntryIndex = entryIndex, Checkpoint = checkpoint };
}
