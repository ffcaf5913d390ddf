using System.Numerics;

namespace DataSpace.Crypto.Merkle;

/// <summary>
/// Generates RFC 9162 tree heads and proofs from stored complete-subtree hashes only: O(log n) node reads and
/// O(log n) hashes per call. A right-edge subtree that is not complete is hashed from the complete subtrees that
/// compose it, never from its leaves.
/// </summary>
/// <remarks>The tree sizes asked for must not exceed what the source holds; the source reports missing nodes.</remarks>
public sealed class MerkleProofs
{
    /// <summary>No proof over a tree of at most 2^63 - 1 leaves has more hashes than this.</summary>
    public const int MaxProofHashes = 64;

    private const int HashSize = MerkleHasher.HashSize;

    private readonly MerkleHasher _hasher;
    private readonly INodeHashSource _source;

    public MerkleProofs(MerkleHasher hasher, INodeHashSource source)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(source);
        _hasher = hasher;
        _source = source;
    }

    /// <summary>The number of hashes in the inclusion proof of <paramref name="leafIndex"/> in a tree of <paramref name="treeSize"/>.</summary>
    public static int InclusionProofLength(long leafIndex, long treeSize)
    {
        CheckInclusion(leafIndex, treeSize);
        return PathLength((ulong)leafIndex, 0, (ulong)treeSize);
    }

    /// <summary>The number of hashes in the consistency proof from <paramref name="oldSize"/> to <paramref name="newSize"/>.</summary>
    public static int ConsistencyProofLength(long oldSize, long newSize)
    {
        CheckConsistency(oldSize, newSize);
        if (oldSize == 0 || oldSize == newSize)
        {
            return 0;
        }

        var old = (ulong)oldSize;
        var level = BitOperations.TrailingZeroCount(old);
        return (BitOperations.IsPow2(old) ? 0 : 1) + PathLength(old - 1, level, (ulong)newSize);
    }

    /// <summary>RFC 9162 section 2.1.1 MTH of the first <paramref name="treeSize"/> leaves (the empty-tree root for 0).</summary>
    public void RootHash(long treeSize, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        CheckDestination(destination, 1);
        if (treeSize == 0)
        {
            _hasher.EmptyRoot.CopyTo(destination);
            return;
        }

        RangeRoot(0, (ulong)treeSize, destination[..HashSize]);
    }

    public byte[] RootHash(long treeSize)
    {
        var root = new byte[HashSize];
        RootHash(treeSize, root);
        return root;
    }

    /// <summary>
    /// RFC 9162 section 2.1.3.1 PATH(m, D[n]): writes the audit path, bottom up, as contiguous 32-byte hashes.
    /// Returns the number of hashes written (see <see cref="InclusionProofLength"/>).
    /// </summary>
    public int InclusionProof(long leafIndex, long treeSize, Span<byte> destination)
    {
        var count = InclusionProofLength(leafIndex, treeSize);
        CheckDestination(destination, count);
        return WritePath((ulong)leafIndex, 0, (ulong)treeSize, destination);
    }

    public byte[][] InclusionProof(long leafIndex, long treeSize)
    {
        Span<byte> buffer = stackalloc byte[MaxProofHashes * HashSize];
        return Split(buffer, InclusionProof(leafIndex, treeSize, buffer));
    }

    /// <summary>
    /// RFC 9162 section 2.1.4.1 PROOF(m, D[n]) as contiguous 32-byte hashes; empty when the sizes are equal and,
    /// by this implementation's choice (the RFC leaves it undefined), when <paramref name="oldSize"/> is 0.
    /// </summary>
    public int ConsistencyProof(long oldSize, long newSize, Span<byte> destination)
    {
        var count = ConsistencyProofLength(oldSize, newSize);
        CheckDestination(destination, count);
        if (count == 0)
        {
            return 0;
        }

        // The old tree's smallest complete subtree [m - 2^level, m), then its path in the new tree. When m is a
        // power of two that subtree is the old root, which the verifier already holds, so it is left out.
        var old = (ulong)oldSize;
        var level = BitOperations.TrailingZeroCount(old);
        var written = 0;
        if (!BitOperations.IsPow2(old))
        {
            _source.ReadNode(level, (long)((old - 1) >> level), destination[..HashSize]);
            written = 1;
        }

        return written + WritePath(old - 1, level, (ulong)newSize, destination[(written * HashSize)..]);
    }

    public byte[][] ConsistencyProof(long oldSize, long newSize)
    {
        Span<byte> buffer = stackalloc byte[MaxProofHashes * HashSize];
        return Split(buffer, ConsistencyProof(oldSize, newSize, buffer));
    }

    // The siblings of the nodes above (startLevel, leaf >> startLevel), bottom up, skipping levels where the node
    // is the right edge and has no sibling; a right sibling cut by the tree size is the MTH of what remains.
    private static int PathLength(ulong leaf, int startLevel, ulong size)
    {
        var count = 0;
        for (var level = startLevel; level < 64 && (1UL << level) < size; level++)
        {
            if ((((leaf >> level) ^ 1) << level) < size)
            {
                count++;
            }
        }

        return count;
    }

    private int WritePath(ulong leaf, int startLevel, ulong size, Span<byte> destination)
    {
        var written = 0;
        for (var level = startLevel; level < 64 && (1UL << level) < size; level++)
        {
            var sibling = (leaf >> level) ^ 1;
            var start = sibling << level;
            if (start >= size)
            {
                continue;
            }

            var slot = destination.Slice(written * HashSize, HashSize);
            if (size - start >= 1UL << level)
            {
                _source.ReadNode(level, (long)sibling, slot);
            }
            else
            {
                RangeRoot(start, size, slot);
            }

            written++;
        }

        return written;
    }

    // MTH of [begin, end) where begin is aligned to a power of two above end - begin: the complete subtrees are
    // the set bits of the length, and MTH folds them from the right (RFC 9162 section 2.1.1, k the largest power of
    // two below the length).
    private void RangeRoot(ulong begin, ulong end, Span<byte> destination)
    {
        Span<byte> node = stackalloc byte[HashSize];
        var level = BitOperations.TrailingZeroCount(end - begin);
        _source.ReadNode(level, (long)((end >> level) - 1), destination);
        end -= 1UL << level;
        while (end > begin)
        {
            level = BitOperations.TrailingZeroCount(end - begin);
            _source.ReadNode(level, (long)((end >> level) - 1), node);
            _hasher.HashChildren(node, destination, destination);
            end -= 1UL << level;
        }
    }

    private static byte[][] Split(ReadOnlySpan<byte> hashes, int count)
    {
        var proof = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            proof[i] = hashes.Slice(i * HashSize, HashSize).ToArray();
        }

        return proof;
    }

    private static void CheckInclusion(long leafIndex, long treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
        if (leafIndex >= treeSize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(leafIndex), leafIndex, $"the leaf index must be less than the tree size ({treeSize})");
        }
    }

    private static void CheckConsistency(long oldSize, long newSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        if (oldSize > newSize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(oldSize), oldSize, $"the old size must not exceed the new size ({newSize})");
        }
    }

    private static void CheckDestination(Span<byte> destination, int hashes)
    {
        if (destination.Length < hashes * HashSize)
        {
            throw new ArgumentException($"destination must hold {hashes} hashes of {HashSize} bytes", nameof(destination));
        }
    }
}
