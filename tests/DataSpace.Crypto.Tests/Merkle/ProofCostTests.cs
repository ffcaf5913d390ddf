using System.Numerics;
using DataSpace.Crypto.Merkle;

namespace DataSpace.Crypto.Tests.Merkle;

/// <summary>Proofs read O(log n) stored nodes: right-edge subtrees come from complete subtrees, never from leaves.</summary>
public sealed class ProofCostTests
{
    private const int Size = (1 << 16) + 4097;
    private static readonly MerkleHasher Hasher = MerkleHasher.Sha256;
    private static readonly MemoryMerkleTree Tree = TestTrees.Build(Hasher, TestTrees.LeafHashes(Hasher, Size));
    private static readonly int Height = 64 - BitOperations.LeadingZeroCount((ulong)Size - 1);

    [Theory]
    [InlineData(0)]
    [InlineData(12345)]
    [InlineData(Size - 4097)]
    [InlineData(Size - 1)]
    public void InclusionProof_LargeTree_ReadsAtMostTwiceTheHeight(long leafIndex)
    {
        var source = new CountingSource(Tree);

        new MerkleProofs(Hasher, source).InclusionProof(leafIndex, Size);

        Assert.InRange(source.Reads, 1, 2 * Height);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4097)]
    [InlineData(Size - 1)]
    public void ConsistencyProof_LargeTree_ReadsAtMostTwiceTheHeight(long oldSize)
    {
        var source = new CountingSource(Tree);

        new MerkleProofs(Hasher, source).ConsistencyProof(oldSize, Size);

        Assert.InRange(source.Reads, 1, 2 * Height);
    }

    [Fact]
    public void RootHash_LargeTree_ReadsOneNodePerSetBit()
    {
        var source = new CountingSource(Tree);

        new MerkleProofs(Hasher, source).RootHash(Size);

        Assert.Equal(BitOperations.PopCount(Size), source.Reads);
    }
}
