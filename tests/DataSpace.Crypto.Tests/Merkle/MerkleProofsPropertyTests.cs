using DataSpace.Crypto.Merkle;

namespace DataSpace.Crypto.Tests.Merkle;

/// <summary>
/// Every tree size up to <see cref="MaxSize"/>, every leaf and every consistency pair, against the naive recursive
/// RFC 9162 section 2.1 definitions of <see cref="NaiveMerkle"/>: byte-for-byte equal proofs that verify.
/// </summary>
public sealed class MerkleProofsPropertyTests
{
    private const int MaxSize = 100;
    private static readonly MerkleHasher Hasher = MerkleHasher.Sha256;
    private static readonly byte[][] LeafHashes = TestTrees.LeafHashes(Hasher, MaxSize);
    private static readonly MerkleProofs Proofs = new(Hasher, TestTrees.Build(Hasher, LeafHashes));

    public static TheoryData<int> Sizes => [.. Enumerable.Range(1, MaxSize)];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void RootHash_EverySize_EqualsNaiveMth(int size)
    {
        var root = Proofs.RootHash(size);

        Assert.Equal(TestTrees.Hex(TestTrees.NaiveSha256.Mth(LeafHashes.AsSpan(0, size))), TestTrees.Hex(root));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void InclusionProof_EveryLeaf_EqualsNaivePathAndVerifies(int size)
    {
        var leaves = LeafHashes.AsSpan(0, size);
        var root = TestTrees.NaiveSha256.Mth(leaves);

        for (var index = 0; index < size; index++)
        {
            var proof = Proofs.InclusionProof(index, size);

            Assert.Equal(TestTrees.Hex(TestTrees.NaiveSha256.Path(index, leaves)), TestTrees.Hex(proof));
            Assert.Equal(proof.Length, MerkleProofs.InclusionProofLength(index, size));
            Assert.True(MerkleVerifier.VerifyInclusion(Hasher, index, size, LeafHashes[index], proof, root), $"leaf {index} of {size}");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ConsistencyProof_EveryOldSize_EqualsNaiveProofAndVerifies(int newSize)
    {
        var leaves = LeafHashes.AsSpan(0, newSize);
        var newRoot = TestTrees.NaiveSha256.Mth(leaves);

        for (var oldSize = 1; oldSize <= newSize; oldSize++)
        {
            var proof = Proofs.ConsistencyProof(oldSize, newSize);

            Assert.Equal(TestTrees.Hex(TestTrees.NaiveSha256.Proof(oldSize, leaves)), TestTrees.Hex(proof));
            Assert.Equal(proof.Length, MerkleProofs.ConsistencyProofLength(oldSize, newSize));
            var oldRoot = TestTrees.NaiveSha256.Mth(leaves[..oldSize]);
            Assert.True(MerkleVerifier.VerifyConsistency(Hasher, oldSize, newSize, oldRoot, newRoot, proof), $"{oldSize} to {newSize}");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void InclusionProof_SpanVariant_WritesTheSameHashesContiguously(int size)
    {
        Span<byte> buffer = stackalloc byte[MerkleProofs.MaxProofHashes * MerkleHasher.HashSize];

        for (var index = 0; index < size; index++)
        {
            var count = Proofs.InclusionProof(index, size, buffer);

            var expected = string.Concat(TestTrees.Hex(Proofs.InclusionProof(index, size)));
            Assert.Equal(expected, TestTrees.Hex(buffer[..(count * MerkleHasher.HashSize)]));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ConsistencyProof_SpanVariant_WritesTheSameHashesContiguously(int newSize)
    {
        Span<byte> buffer = stackalloc byte[MerkleProofs.MaxProofHashes * MerkleHasher.HashSize];

        for (var oldSize = 0; oldSize <= newSize; oldSize++)
        {
            var count = Proofs.ConsistencyProof(oldSize, newSize, buffer);

            var expected = string.Concat(TestTrees.Hex(Proofs.ConsistencyProof(oldSize, newSize)));
            Assert.Equal(expected, TestTrees.Hex(buffer[..(count * MerkleHasher.HashSize)]));
        }
    }
}
