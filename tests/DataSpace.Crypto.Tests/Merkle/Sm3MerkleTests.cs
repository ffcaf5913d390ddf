using DataSpace.Crypto.Merkle;
using Org.BouncyCastle.Crypto.Digests;

namespace DataSpace.Crypto.Tests.Merkle;

/// <summary>
/// RFC 9162 section 2.1 hashing with SM3 (GB/T 32905-2016) in place of SHA-256, against the naive definitions over
/// BouncyCastle's SM3 directly.
/// </summary>
public sealed class Sm3MerkleTests
{
    private static readonly MerkleHasher Hasher = MerkleHasher.Sm3;
    private static readonly NaiveMerkle NaiveSm3 = new(Sm3);

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(8)]
    public void RootHash_SmallSm3Tree_MatchesNaiveSm3Mth(int size)
    {
        var leafHashes = LeafHashes(size);

        var root = new MerkleProofs(Hasher, TestTrees.Build(Hasher, leafHashes)).RootHash(size);

        Assert.Equal(TestTrees.Hex(NaiveSm3.Mth(leafHashes)), TestTrees.Hex(root));
        Assert.NotEqual(TestTrees.Hex(TestTrees.NaiveSha256.Mth(leafHashes)), TestTrees.Hex(root));
    }

    [Fact]
    public void HashLeaf_ReferenceInputs_MatchesNaiveSm3LeafHash()
    {
        foreach (var input in ReferenceVectors.LeafInputsHex)
        {
            var entry = Convert.FromHexString(input);

            Assert.Equal(TestTrees.Hex(NaiveSm3.LeafHash(entry)), TestTrees.Hex(Hasher.HashLeaf(entry)));
        }
    }

    [Fact]
    public void InclusionProof_Sm3Tree_VerifiesWithSm3Only()
    {
        var leafHashes = LeafHashes(7);
        var proofs = new MerkleProofs(Hasher, TestTrees.Build(Hasher, leafHashes));
        var root = proofs.RootHash(7);

        var proof = proofs.InclusionProof(3, 7);

        Assert.Equal(TestTrees.Hex(NaiveSm3.Path(3, leafHashes)), TestTrees.Hex(proof));
        Assert.True(MerkleVerifier.VerifyInclusion(Hasher, 3, 7, leafHashes[3], proof, root));
        Assert.False(MerkleVerifier.VerifyInclusion(MerkleHasher.Sha256, 3, 7, leafHashes[3], proof, root));
    }

    private static byte[][] LeafHashes(int count)
    {
        var hashes = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            hashes[i] = NaiveSm3.LeafHash(Convert.FromHexString(ReferenceVectors.LeafInputsHex[i]));
        }

        return hashes;
    }

    private static byte[] Sm3(byte[] data)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(data, 0, data.Length);
        var result = new byte[digest.GetDigestSize()];
        digest.DoFinal(result, 0);
        return result;
    }
}
