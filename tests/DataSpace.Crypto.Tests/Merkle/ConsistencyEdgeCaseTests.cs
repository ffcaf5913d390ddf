using DataSpace.Crypto.Merkle;

namespace DataSpace.Crypto.Tests.Merkle;

/// <summary>
/// RFC 9162 section 2.1.4: equal sizes have an empty proof; a proof from size 0 is not defined by the RFC, and this
/// implementation's choice is an empty proof that verifies only when the old root is the empty-tree root.
/// </summary>
public sealed class ConsistencyEdgeCaseTests
{
    private static readonly MerkleHasher Hasher = MerkleHasher.Sha256;
    private static readonly MerkleProofs Proofs = new(Hasher, TestTrees.Build(Hasher, TestTrees.LeafHashes(Hasher, 9)));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    public void ConsistencyProof_FromSizeZero_IsEmpty(long newSize)
    {
        Assert.Empty(Proofs.ConsistencyProof(0, newSize));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    public void VerifyConsistency_FromSizeZeroWithEmptyRoot_ReturnsTrue(long newSize)
    {
        Assert.True(MerkleVerifier.VerifyConsistency(Hasher, 0, newSize, Hasher.EmptyRoot, Proofs.RootHash(newSize), []));
    }

    [Fact]
    public void VerifyConsistency_FromSizeZeroWithOtherRoot_ReturnsFalse()
    {
        Assert.False(MerkleVerifier.VerifyConsistency(Hasher, 0, 9, Proofs.RootHash(1), Proofs.RootHash(9), []));
    }

    [Fact]
    public void VerifyConsistency_FromSizeZeroWithNonEmptyProof_ReturnsFalse()
    {
        Assert.False(MerkleVerifier.VerifyConsistency(Hasher, 0, 9, Hasher.EmptyRoot, Proofs.RootHash(9), [Hasher.EmptyRoot.ToArray()]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(9)]
    public void ConsistencyProof_EqualSizes_IsEmptyAndVerifiesEqualRoots(long size)
    {
        var root = Proofs.RootHash(size);

        var proof = Proofs.ConsistencyProof(size, size);

        Assert.Empty(proof);
        Assert.True(MerkleVerifier.VerifyConsistency(Hasher, size, size, root, root, proof));
    }

    [Fact]
    public void VerifyConsistency_EqualSizesDifferentRoots_ReturnsFalse()
    {
        Assert.False(MerkleVerifier.VerifyConsistency(Hasher, 5, 5, Proofs.RootHash(5), Proofs.RootHash(6), []));
    }

    [Fact]
    public void VerifyConsistency_EqualSizesNonEmptyProof_ReturnsFalse()
    {
        var root = Proofs.RootHash(5);

        Assert.False(MerkleVerifier.VerifyConsistency(Hasher, 5, 5, root, root, [root]));
    }
}
