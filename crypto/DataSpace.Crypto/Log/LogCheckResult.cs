using DataSpace.Crypto.Checkpoints;

namespace DataSpace.Crypto.Log;

/// <summary>
/// The outcome of checking a log directory (<see cref="LogCheck"/>): valid, possibly with a torn tail that recovery
/// cuts, or the first failure found with the entry and its byte offset in <c>entries</c>.
/// </summary>
public sealed record LogCheckResult
{
    /// <summary>True when the log opens as it is (after cutting <see cref="TornBytes"/>, if any).</summary>
    public bool IsValid => Failure == LogCheckFailure.None;

    public LogCheckFailure Failure { get; init; }

    /// <summary>What was found, in words an operator can act on.</summary>
    public string Detail { get; init; } = "";

    /// <summary>The first bad entry, when one can be named.</summary>
    public long? EntryIndex { get; init; }

    /// <summary>The byte offset of <see cref="EntryIndex"/>'s record in <c>entries</c>, when known.</summary>
    public long? Offset { get; init; }

    /// <summary>The entries that verified, from the first: the log's size once any torn tail is cut.</summary>
    public long Entries { get; init; }

    /// <summary>The RFC 9162 root of the first <see cref="Entries"/> entries.</summary>
    public ReadOnlyMemory<byte> RootHash { get; init; }

    /// <summary>The last signed checkpoint found in the folder, once it verified; null when there is none.</summary>
    public Checkpoint? Checkpoint { get; init; }

    /// <summary>False when no public key was given, so the checkpoint's signature was not checked (its size and root were).</summary>
    public bool CheckpointSignatureChecked { get; init; }

    /// <summary>
    /// How many entries are known to have been acknowledged: the larger of the checkpoint's size and the sync mark's.
    /// Damage below it is corruption, never a torn tail.
    /// </summary>
    public long ProtectedSize { get; init; }

    /// <summary>The bytes after the last entry that form a torn tail (a batch never acknowledged); recovery cuts them.</summary>
    public long TornBytes { get; init; }

    /// <summary>Where the torn tail starts in <c>entries</c> (its length before the cut, when there is none).</summary>
    public long TornOffset { get; init; }

    /// <summary>The derived files (<c>index</c>, <c>nodes/</c>) disagree with the entries; opening the log rebuilds them.</summary>
    public bool DerivedFilesStale { get; init; }
}
