namespace DataSpace.Crypto.Merkle;

/// <summary>
/// Keeps every complete subtree hash in memory, one contiguous buffer per level: the node store for tests and
/// small logs. Use it as the sink of a <see cref="CompactRange"/> and the source of <see cref="MerkleProofs"/>.
/// Not thread-safe.
/// </summary>
public sealed class MemoryMerkleTree : INodeHashSource, INodeHashSink
{
    private const int InitialNodes = 16;

    private readonly List<byte[]> _levels = [];
    private readonly List<long> _counts = [];

    /// <summary>The number of leaf hashes stored (the nodes of level 0).</summary>
    public long Size => _counts.Count == 0 ? 0 : _counts[0];

    /// <summary>Stores a node; each level is append-only, so <paramref name="index"/> must be the next one.</summary>
    public void WriteNode(int level, long index, ReadOnlySpan<byte> hash)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        if (hash.Length != MerkleHasher.HashSize)
        {
            throw new ArgumentException($"a node hash is {MerkleHasher.HashSize} bytes, got {hash.Length}", nameof(hash));
        }

        while (_levels.Count <= level)
        {
            _levels.Add(new byte[InitialNodes * MerkleHasher.HashSize]);
            _counts.Add(0);
        }

        var count = _counts[level];
        if (index != count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(index), index, $"level {level} is append-only: the next node is {count}");
        }

        var buffer = _levels[level];
        if ((count + 1) * MerkleHasher.HashSize > buffer.Length)
        {
            var grown = Math.Min((long)buffer.Length * 2, Array.MaxLength / MerkleHasher.HashSize * MerkleHasher.HashSize);
            if (grown <= buffer.Length)
            {
                throw new InvalidOperationException("the in-memory tree is full; use a file-backed store");
            }

            Array.Resize(ref buffer, (int)grown);
            _levels[level] = buffer;
        }

        hash.CopyTo(buffer.AsSpan((int)(count * MerkleHasher.HashSize), MerkleHasher.HashSize));
        _counts[level] = count + 1;
    }

    public void ReadNode(int level, long index, Span<byte> destination)
    {
        if (level < 0 || level >= _levels.Count || index < 0 || index >= _counts[level])
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"node ({level}, {index}) is not stored");
        }

        _levels[level].AsSpan((int)(index * MerkleHasher.HashSize), MerkleHasher.HashSize).CopyTo(destination);
    }
}
