using DataSpace.Crypto.Merkle;

namespace DataSpace.Crypto.Log;

/// <summary>
/// The append-only, Merkle-hashed log of every data access, decision, approval, run and release.
/// An append completes only once the entry is on disk; proofs are served from node hashes on disk.
/// </summary>
public interface ITransparencyLog : IAsyncDisposable
{
    public MerkleHasher Hasher { get; }

    /// <summary>The acknowledged tree: every entry below <see cref="LogHead.Size"/> is durable.</summary>
    public LogHead Head { get; }

    /// <summary>
    /// Null while the log takes appends; the failure while it refuses them after a write failed (a full disk, an I/O
    /// error). It resumes by itself once it can write again (docs/audit-log.md, "Write failures").
    /// </summary>
    public LogFault? Fault => null;

    /// <summary>Appends one entry; completes with its index once it is durable. Concurrent appends share one flush.</summary>
    public ValueTask<long> AppendAsync(LogEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The exact bytes hashed as leaf <paramref name="index"/>.</summary>
    public byte[] ReadLeaf(long index);

    /// <summary>Writes leaves [start, start + count) to <paramref name="destination"/>, each followed by a newline.</summary>
    public void WriteLeaves(long start, long count, Stream destination);

    public byte[] RootHash(long treeSize);

    public byte[][] InclusionProof(long leafIndex, long treeSize);

    public byte[][] ConsistencyProof(long oldSize, long newSize);
}
