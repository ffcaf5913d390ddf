using DataSpace.Crypto.Merkle;

namespace DataSpace.Crypto.Tests.Merkle;

/// <summary>Hostile input to the RFC 9162 section 2.1.3.2 and 2.1.4.2 verifiers yields false, never an exception.</summary>
public sealed class MerkleVerifierMalformedTests
{
    private static readonly MerkleHasher Hasher = MerkleHasher.Sha256;
    private static readonly byte[][] LeafHashes = TestTrees.LeafHashes(Hasher, 7);
    private static readonly MerkleProofs Proofs = new(Hasher, TestTrees.Build(Hasher, LeafHashes));

    public static TheoryData<string> MalformedInclusionCases =>
    [
        "null proof", "null hash", "short hash", "long hash", "empty hash", "short leaf", "short root",
        "negative index", "negative size", "index equals size", "zero size", "huge proof", "maximum size",
    ];

    public static TheoryData<string> MalformedConsistencyCases =>
    [
        "null proof", "null hash", "short hash", "long hash", "short old root", "long new root",
        "negative old size", "old above new", "huge proof", "maximum sizes",
    ];

    [Theory]
    [MemberData(nameof(MalformedInclusionCases))]
    public void VerifyInclusion_MalformedInput_ReturnsFalse(string malformation)
    {
        long index = 2;
        long size = 7;
        var leaf = LeafHashes[2];
        var root = Proofs.RootHash(7);
        IReadOnlyList<byte[]> proof = Proofs.InclusionProof(2, 7);
        switch (malformation)
        {
            case "null proof": proof = null!; break;
            case "null hash": proof = [proof[0], null!, proof[2]]; break;
            case "short hash": proof = [proof[0], proof[1][..31], proof[2]]; break;
            case "long hash": proof = [proof[0], [.. proof[1], 0], proof[2]]; break;
            case "empty hash": proof = [proof[0], [], proof[2]]; break;
            case "short leaf": leaf = leaf[..31]; break;
            case "short root": root = root[..31]; break;
            case "negative index": index = -1; break;
            case "negative size": size = -7; break;
            case "index equals size": index = 7; break;
            case "zero size": size = 0; index = 0; break;
            case "huge proof": proof = Enumerable.Repeat(proof[0], 100_000).ToArray(); break;
            case "maximum size": size = long.MaxValue; break;
            default: throw new ArgumentOutOfRangeException(nameof(malformation));
        }

        Assert.False(MerkleVerifier.VerifyInclusion(Hasher, index, size, leaf, proof, root));
        if (malformation != "short root")
        {
            Assert.Null(MerkleVerifier.RootFromInclusionProof(Hasher, index, size, leaf, proof));
        }
    }

    [Theory]
    [MemberData(nameof(MalformedConsistencyCases))]
    public void VerifyConsistency_MalformedInput_ReturnsFalse(string malformation)
    {
        long oldSize = 3;
        long newSize = 7;
        var oldRoot = Proofs.RootHash(3);
        var newRoot = Proofs.RootHash(7);
        IReadOnlyList<byte[]> proof = Proofs.ConsistencyProof(3, 7);
        switch (malformation)
        {
            case "null proof": proof = null!; break;
            case "null hash": proof = [proof[0], null!, .. proof.Skip(2)]; break;
            case "short hash": proof = [proof[0], proof[1][..31], .. proof.Skip(2)]; break;
            case "long hash": proof = [proof[0], [.. proof[1], 0], .. proof.Skip(2)]; break;
            case "short old root": oldRoot = oldRoot[..31]; break;
            case "long new root": newRoot = [.. newRoot, 0]; break;
            case "negative old size": oldSize = -3; break;
            case "old above new": oldSize = 8; break;
            case "huge proof": proof = Enumerable.Repeat(proof[0], 100_000).ToArray(); break;
            case "maximum sizes": oldSize = long.MaxValue - 1; newSize = long.MaxValue; break;
            default: throw new ArgumentOutOfRangeException(nameof(malformation));
        }

        Assert.False(MerkleVerifier.VerifyConsistency(Hasher, oldSize, newSize, oldRoot, newRoot, proof));
    }

    [Fact]
    public void RootFromInclusionProof_ValidProof_ReturnsTreeHead()
    {
        var root = MerkleVerifier.RootFromInclusionProof(Hasher, 6, 7, LeafHashes[6], Proofs.InclusionProof(6, 7));

        Assert.Equal(TestTrees.Hex(Proofs.RootHash(7)), TestTrees.Hex(root!));
    }

    [Fact]
    public void VerifyInclusion_SingleLeafTree_AcceptsEmptyProofWhenLeafIsRoot()
    {
        Assert.True(MerkleVerifier.VerifyInclusion(Hasher, 0, 1, LeafHashes[0], [], LeafHashes[0]));
        Assert.False(MerkleVerifier.VerifyInclusion(Hasher, 0, 1, LeafHashes[0], [], LeafHashes[1]));
    }
}
