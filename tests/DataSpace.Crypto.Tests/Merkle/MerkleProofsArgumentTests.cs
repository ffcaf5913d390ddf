using DataSpace.Crypto.Merkle;

namespace DataSpace.Crypto.Tests.Merkle;

public sealed class MerkleProofsArgumentTests
{
    private static readonly MerkleHasher Hasher = MerkleHasher.Sha256;
    private static readonly MerkleProofs Proofs = new(Hasher, TestTrees.Build(Hasher, TestTrees.LeafHashes(Hasher, 5)));

    [Theory]
    [InlineData(-1, 5)]
    [InlineData(5, 5)]
    [InlineData(6, 5)]
    [InlineData(0, 0)]
    [InlineData(0, -1)]
    public void InclusionProof_IndexOutsideTree_ThrowsArgumentOutOfRange(long leafIndex, long treeSize)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Proofs.InclusionProof(leafIndex, treeSize));

        Assert.Equal("leafIndex", error.ParamName);
    }

    [Theory]
    [InlineData(-1, 5)]
    [InlineData(6, 5)]
    [InlineData(1, 0)]
    public void ConsistencyProof_InvalidSizes_ThrowsArgumentOutOfRange(long oldSize, long newSize)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Proofs.ConsistencyProof(oldSize, newSize));

        Assert.Equal("oldSize", error.ParamName);
    }

    [Fact]
    public void RootHash_NegativeSize_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Proofs.RootHash(-1));
    }

    [Fact]
    public void RootHash_SizeZero_IsEmptyTreeRoot()
    {
        Assert.Equal(TestTrees.Hex(Hasher.EmptyRoot), TestTrees.Hex(Proofs.RootHash(0)));
    }

    [Fact]
    public void InclusionProof_DestinationTooSmall_ThrowsArgument()
    {
        var destination = new byte[(2 * MerkleHasher.HashSize) - 1];

        Assert.Throws<ArgumentException>(() => Proofs.InclusionProof(0, 5, destination));
    }

    [Fact]
    public void RootHash_SizeBeyondStoredTree_SourceReportsMissingNode()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Proofs.RootHash(6));
    }
}
