using System.Numerics;
using DataSpace.Crypto.Merkle;
using DataSpace.Tests.Common;

namespace DataSpace.Crypto.Tests.Merkle;

/// <summary>The compact range against the naive RFC 9162 section 2.1.1 MTH.</summary>
public sealed class CompactRangeTests
{
    private const int MaxSize = 130;
    private static readonly MerkleHasher Hasher = MerkleHasher.Sha256;
    private static readonly byte[][] LeafHashes = TestTrees.LeafHashes(Hasher, MaxSize);

    [Fact]
    public void Append_EachLeaf_RootEqualsNaiveMth()
    {
        var range = new CompactRange(Hasher);

        for (var size = 1; size <= MaxSize; size++)
        {
            range.Append(LeafHashes[size - 1], null);

            Assert.Equal(size, range.Size);
            Assert.Equal(TestTrees.Hex(TestTrees.NaiveSha256.Mth(LeafHashes.AsSpan(0, size))), TestTrees.Hex(range.GetRoot()));
        }
    }

    [Fact]
    public void Append_WithSink_EmitsExactlyTheCompleteSubtreesInOrderOfCompletion()
    {
        var range = new CompactRange(Hasher);
        var sink = new RecordingSink();
        var expected = new List<(int Level, long Index, string Hash)>();

        for (var i = 0; i < MaxSize; i++)
        {
            range.Append(LeafHashes[i], sink);

            // Leaf i completes the subtree (level, (i + 1) / 2^level - 1) for every 2^level dividing i + 1.
            for (var level = 0; (i + 1) % (1 << level) == 0; level++)
            {
                var index = ((i + 1) >> level) - 1;
                var leaves = LeafHashes.AsSpan(index << level, 1 << level);
                expected.Add((level, index, TestTrees.Hex(TestTrees.NaiveSha256.Mth(leaves))));
            }
        }

        Assert.Equal(expected, sink.Nodes);
        Assert.Equal((2 * MaxSize) - BitOperations.PopCount(MaxSize), sink.Nodes.Count);
    }

    [Fact]
    public void Restore_EverySize_ReproducesRootAndContinuesAppending()
    {
        var tree = TestTrees.Build(Hasher, LeafHashes);

        for (var size = 0; size <= MaxSize; size++)
        {
            var range = CompactRange.Restore(Hasher, size, tree);
            Assert.Equal(size, range.Size);
            Assert.Equal(TestTrees.Hex(TestTrees.NaiveSha256.Mth(LeafHashes.AsSpan(0, size))), TestTrees.Hex(range.GetRoot()));

            for (var next = size; next < Math.Min(size + 9, MaxSize); next++)
            {
                range.Append(LeafHashes[next], null);
                Assert.Equal(TestTrees.Hex(TestTrees.NaiveSha256.Mth(LeafHashes.AsSpan(0, next + 1))), TestTrees.Hex(range.GetRoot()));
            }
        }
    }

    [Fact]
    public void Restore_ThenAppendWithSink_EmitsTheSameNodesAsTheOriginal()
    {
        const int Restored = 77;
        var original = new CompactRange(Hasher);
        var originalTail = new RecordingSink();
        for (var i = 0; i < MaxSize; i++)
        {
            original.Append(LeafHashes[i], i < Restored ? null : originalTail);
        }

        var restored = CompactRange.Restore(Hasher, Restored, TestTrees.Build(Hasher, LeafHashes[..Restored]));
        var sink = new RecordingSink();
        foreach (var leaf in LeafHashes[Restored..])
        {
            restored.Append(leaf, sink);
        }

        Assert.Equal(originalTail.Nodes, sink.Nodes);
        Assert.Equal(TestTrees.Hex(original.GetRoot()), TestTrees.Hex(restored.GetRoot()));
    }

    [Fact]
    public void GetRoot_Empty_IsEmptyTreeRoot()
    {
        Assert.Equal(TestTrees.Hex(Hasher.EmptyRoot), TestTrees.Hex(new CompactRange(Hasher).GetRoot()));
    }

    [Fact]
    public void Append_WrongHashLength_ThrowsArgument()
    {
        var range = new CompactRange(Hasher);

        Assert.Throws<ArgumentException>(() => range.Append(new byte[31], null));
    }

    [Fact]
    public void Restore_NegativeSize_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CompactRange.Restore(Hasher, -1, new MemoryMerkleTree()));
    }

    [Fact]
    public void Append_SteadyState_DoesNotAllocate()
    {
        var range = new CompactRange(Hasher);
        var leaf = LeafHashes[0];
        var root = new byte[MerkleHasher.HashSize];
        void Round()
        {
            for (var i = 0; i < 10_000; i++)
            {
                range.Append(leaf, null);
                range.GetRoot(root);
            }
        }

        Round();

        Assert.Equal(0, SteadyAllocation.Quietest(Round));
    }
}
