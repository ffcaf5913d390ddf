using System.Text;
using DataSpace.Crypto.Merkle;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Merkle;

/// <summary>The worked example in docs/audit-log.md, section "Merkle tree", is what the API produces.</summary>
public sealed class AuditLogDocumentTests
{
    [Fact]
    public void WorkedExample_ReferenceTree_MatchesTheApi()
    {
        var hasher = MerkleHasher.Sha256;
        var leafHashes = ReferenceVectors.LeafHashes();
        var proofs = new MerkleProofs(hasher, TestTrees.Build(hasher, leafHashes));
        var inclusion = proofs.InclusionProof(5, 8);
        Assert.True(MerkleVerifier.VerifyInclusion(hasher, 5, 8, leafHashes[5], inclusion, proofs.RootHash(8)));

        var expected = new StringBuilder()
            .Append("tree size 8 root: ").Append(TestTrees.Hex(proofs.RootHash(8))).Append('\n')
            .Append("leaf 5 entry: ").Append(ReferenceVectors.LeafInputsHex[5]).Append('\n')
            .Append("leaf 5 hash: ").Append(TestTrees.Hex(leafHashes[5])).Append('\n')
            .Append("inclusion proof of leaf 5 in size 8:\n");
        foreach (var hash in inclusion)
        {
            expected.Append("  ").Append(TestTrees.Hex(hash)).Append('\n');
        }

        expected.Append("consistency proof from size 6 to size 8:\n");
        foreach (var hash in proofs.ConsistencyProof(6, 8))
        {
            expected.Append("  ").Append(TestTrees.Hex(hash)).Append('\n');
        }

        Assert.Contains("```text\n" + expected + "```", RepositoryDocs.Read("audit-log.md"));
    }
}
