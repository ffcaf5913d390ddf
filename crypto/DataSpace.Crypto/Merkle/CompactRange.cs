using System.Numerics;

namespace DataSpace.Crypto.Merkle;

/// <summary>
/// The right edge of a growing RFC 9162 Merkle tree: one complete subtree hash per set bit of <see cref="Size"/>,
/// largest (leftmost) first. That is all an appender must keep in memory: at most 63 hashes.
/// </summary>
public sealed class CompactRange
{
    private const int MaxEdge = 64;

    private readonly MerkleHasher _hasher;
    private readonly byte[] _edge = new byte[MaxEdge * MerkleHasher.HashSize];
    private int _count;

    public CompactRange(MerkleHasher hasher)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        _hasher = hasher;
    }

    /// <summary>The number of leaves appended (or restored).</summary>
    public long Size { get; private set; }

    /// <summary>Rebuilds the edge of a tree of <paramref name="size"/> leaves from its stored complete subtrees.</summary>
    public static CompactRange Restore(MerkleHasher hasher, long size, INodeHashSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var range = new CompactRange(hasher);
        for (var level = 63 - BitOperations.LeadingZeroCount((ulong)size); level >= 0; level--)
        {
            if (((size >> level) & 1) != 0)
            {
                // The subtree of this set bit covers [start, start + 2^level) with start = size without its low bits.
                source.ReadNode(level, (size >> level) - 1, range.Slot(range._count));
                range._count++;
            }
        }

        range.Size = size;
        return range;
    }

    /// <summary>An independent copy of this range, for trying out appends without changing it.</summary>
    public CompactRange Clone()
    {
        var copy = new CompactRange(_hasher) { Size = Size, _count = _count };
        _edge.AsSpan(0, _count * MerkleHasher.HashSize).CopyTo(copy._edge);
        return copy;
    }

    /// <summary>
    /// Appends a leaf hash; the sink receives (0, index, leafHash) and then every subtree this leaf completes.
    /// </summary>
    public void Append(ReadOnlySpan<byte> leafHash, INodeHashSink? sink)
    {
        if (leafHash.Length != MerkleHasher.HashSize)
        {
            throw new ArgumentException($"a leaf hash is {MerkleHasher.HashSize} bytes, got {leafHash.Length}", nameof(leafHash));
        }

        if (Size == long.MaxValue)
        {
            throw new InvalidOperationException("the tree is full");
        }

        Span<byte> current = stackalloc byte[MerkleHasher.HashSize];
        leafHash.CopyTo(current);
        var index = Size;
        sink?.WriteNode(0, index, current);

        // Each trailing one bit of the old size is a left sibling on the edge that this leaf completes.
        var level = 0;
        while ((index & 1) != 0)
        {
            _count--;
            _hasher.HashChildren(Slot(_count), current, current);
            index >>= 1;
            level++;
            sink?.WriteNode(level, index, current);
        }

        current.CopyTo(Slot(_count));
        _count++;
        Size++;
    }

    /// <summary>Writes the RFC 9162 section 2.1.1 MTH of the current size (the empty-tree root for 0).</summary>
    public void GetRoot(Span<byte> destination)
    {
        if (destination.Length < MerkleHasher.HashSize)
        {
            throw new ArgumentException($"destination is shorter than {MerkleHasher.HashSize} bytes", nameof(destination));
        }

        if (_count == 0)
        {
            _hasher.EmptyRoot.CopyTo(destination);
            return;
        }

        // MTH folds the edge from the right: H(edge[0], H(edge[1], ... edge[k])).
        Span<byte> current = stackalloc byte[MerkleHasher.HashSize];
        Slot(_count - 1).CopyTo(current);
        for (var i = _count - 2; i >= 0; i--)
        {
            _hasher.HashChildren(Slot(i), current, current);
        }

        current.CopyTo(destination);
    }

    public byte[] GetRoot()
    {
        var root = new byte[MerkleHasher.HashSize];
        GetRoot(root);
        return root;
    }

    private Span<byte> Slot(int position) => _edge.AsSpan(position * MerkleHasher.HashSize, MerkleHasher.HashSize);
}
