using System.Numerics;
using DataSpace.Crypto.Merkle;

namespace DataSpace.Crypto.Log;

/// <summary>
/// The upper levels of the tree kept in memory so that a proof needs few reads from disk. Bounded: it holds the
/// levels from <see cref="From"/> up, and <see cref="From"/> rises as the log grows so that the lowest cached
/// level has at most 2^18 hashes; the whole cache stays below 16 MiB at any log size.
/// Written by the committer only; read concurrently (publication order: data, array, count).
/// </summary>
internal sealed class UpperNodeCache
{
    public const int MinLevel = 6;
    private const int MaxLevels = 63;
    private const int MaxNodesPerLevel = 1 << 18;
    private const int HashSize = MerkleHasher.HashSize;

    private readonly byte[]?[] _levels = new byte[MaxLevels][];
    private readonly long[] _counts = new long[MaxLevels];
    private int _from;

    public UpperNodeCache(long size) => _from = LowestLevelFor(size);

    /// <summary>The lowest level held in memory.</summary>
    public int From => Volatile.Read(ref _from);

    public bool TryRead(int level, long index, Span<byte> destination)
    {
        if (level < Volatile.Read(ref _from) || level >= MaxLevels || index < 0 || index >= Volatile.Read(ref _counts[level]))
        {
            return false;
        }

        var hashes = Volatile.Read(ref _levels[level]);
        if (hashes is null)
        {
            return false;
        }

        hashes.AsSpan(checked((int)(index * HashSize)), HashSize).CopyTo(destination);
        return true;
    }

    /// <summary>Records a node the committer just wrote (ignored below <see cref="From"/>).</summary>
    public void Append(int level, long index, ReadOnlySpan<byte> hash)
    {
        if (level < _from || index != _counts[level])
        {
            return;
        }

        if (level == _from && index + 1 > MaxNodesPerLevel)
        {
            Volatile.Write(ref _from, _from + 1);
            Volatile.Write(ref _counts[level], 0);
            Volatile.Write(ref _levels[level], null);
            return;
        }

        var hashes = _levels[level] ?? [];
        var at = checked((int)(index * HashSize));
        if (at + HashSize > hashes.Length)
        {
            var grown = new byte[Math.Max(HashSize * 64, hashes.Length * 2)];
            hashes.CopyTo(grown, 0);
            hash[..HashSize].CopyTo(grown.AsSpan(at));
            Volatile.Write(ref _levels[level], grown);
        }
        else
        {
            hash[..HashSize].CopyTo(hashes.AsSpan(at));
        }

        Volatile.Write(ref _counts[level], index + 1);
    }

    /// <summary>Fills a level from its file's contents at open.</summary>
    public void Load(int level, ReadOnlySpan<byte> hashes)
    {
        if (level < _from)
        {
            return;
        }

        var count = hashes.Length / HashSize;
        var copy = new byte[Math.Max(HashSize * 64, count * HashSize * 2)];
        hashes[..(count * HashSize)].CopyTo(copy);
        _levels[level] = copy;
        _counts[level] = count;
    }

    /// <summary>Forgets every node a tree of <paramref name="size"/> leaves does not have.</summary>
    public void Truncate(long size)
    {
        for (var level = 0; level < MaxLevels; level++)
        {
            var keep = size >> level;
            if (_counts[level] > keep)
            {
                Volatile.Write(ref _counts[level], keep);
            }
        }
    }

    private static int LowestLevelFor(long size)
    {
        var bits = size <= 0 ? 0 : 64 - BitOperations.LeadingZeroCount((ulong)size);
        return Math.Max(MinLevel, bits - 18);
    }
}
