using DataSpace.Crypto.Merkle;

namespace DataSpace.Crypto.Tests.Merkle;

/// <summary>
/// Known answers for the Certificate Transparency reference tree (see <see cref="ReferenceVectors"/>). Proof vectors
/// from github.com/transparency-dev/merkle testonly/reference_test.go (TestRefInclusionProof, TestRefConsistencyProof)
/// and proof/verify_test.go (inclusionProofs, consistencyProofs; there leaf numbers are 1-based, here indexes are 0-based).
/// </summary>
public sealed class ReferenceTreeTests
{
    private static readonly MerkleHasher Hasher = MerkleHasher.Sha256;
    private readonly byte[][] _leafHashes = ReferenceVectors.LeafHashes();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void RootHash_ReferenceTreeSize_MatchesPublishedRoot(int size)
    {
        var proofs = new MerkleProofs(Hasher, TestTrees.Build(Hasher, _leafHashes));

        var root = proofs.RootHash(size);

        Assert.Equal(ReferenceVectors.RootHashesHex[size], TestTrees.Hex(root));
    }

    [Fact]
    public void GetRoot_AfterEachReferenceLeaf_MatchesPublishedRoot()
    {
        var range = new CompactRange(Hasher);
        var roots = new List<string> { TestTrees.Hex(range.GetRoot()) };

        foreach (var leafHash in _leafHashes)
        {
            range.Append(leafHash, null);
            roots.Add(TestTrees.Hex(range.GetRoot()));
        }

        Assert.Equal(ReferenceVectors.RootHashesHex, roots);
    }

    [Fact]
    public void Append_ReferenceLeaves_StoresPublishedNodeHashes()
    {
        var tree = TestTrees.Build(Hasher, _leafHashes);
        var stored = new List<string[]>();

        for (var level = 0; level < ReferenceVectors.NodeHashesHex.Length; level++)
        {
            var count = ReferenceVectors.NodeHashesHex[level].Length;
            var nodes = new string[count];
            for (var index = 0; index < count; index++)
            {
                var hash = new byte[MerkleHasher.HashSize];
                tree.ReadNode(level, index, hash);
                nodes[index] = TestTrees.Hex(hash);
            }

            stored.Add(nodes);
        }

        Assert.Equal(ReferenceVectors.NodeHashesHex, stored);
    }

    [Theory]
    [InlineData(0, 1, "")]
    [InlineData(0, 2, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7")]
    [InlineData(1, 2, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")]
    [InlineData(2, 3, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]
    [InlineData(1, 5, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d,5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e,bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]
    [InlineData(0, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7,5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e,6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]
    [InlineData(5, 8, "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b,ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0,d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    public void InclusionProof_ReferenceTree_MatchesPublishedPath(long leafIndex, long treeSize, string expectedHex)
    {
        var proofs = new MerkleProofs(Hasher, TestTrees.Build(Hasher, _leafHashes));

        var proof = proofs.InclusionProof(leafIndex, treeSize);

        Assert.Equal(TestTrees.Hex(TestTrees.ParseHashes(expectedHex)), TestTrees.Hex(proof));
        var root = Convert.FromHexString(ReferenceVectors.RootHashesHex[treeSize]);
        Assert.True(MerkleVerifier.VerifyInclusion(Hasher, leafIndex, treeSize, _leafHashes[leafIndex], proof, root));
    }

    [Theory]
    [InlineData(1, 1, "")]
    [InlineData(1, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7,5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e,6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]
    [InlineData(2, 5, "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e,bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]
    [InlineData(6, 8, "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a,ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0,d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [InlineData(6, 7, "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a,b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f,d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    public void ConsistencyProof_ReferenceTree_MatchesPublishedProof(long oldSize, long newSize, string expectedHex)
    {
        var proofs = new MerkleProofs(Hasher, TestTrees.Build(Hasher, _leafHashes));

        var proof = proofs.ConsistencyProof(oldSize, newSize);

        Assert.Equal(TestTrees.Hex(TestTrees.ParseHashes(expectedHex)), TestTrees.Hex(proof));
        var oldRoot = Convert.FromHexString(ReferenceVectors.RootHashesHex[oldSize]);
        var newRoot = Convert.FromHexString(ReferenceVectors.RootHashesHex[newSize]);
        Assert.True(MerkleVerifier.VerifyConsistency(Hasher, oldSize, newSize, oldRoot, newRoot, proof));
    }
}
