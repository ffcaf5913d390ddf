using DataSpace.Crypto.Merkle;

namespace DataSpace.Crypto.Tests.Merkle;

/// <summary>
/// RFC 9162 sections 2.1.3.2 and 2.1.4.2: a proof only verifies for its own index, sizes, leaf and roots.
/// Every byte of every proof hash is flipped for sizes up to <see cref="MaxSize"/>.
/// </summary>
public sealed class MerkleVerifierTamperTests
{
    private const int MaxSize = 48;
    private static readonly MerkleHasher Hasher = MerkleHasher.Sha256;
    private static readonly byte[][] LeafHashes = TestTrees.LeafHashes(Hasher, MaxSize + 1);
    private static readonly MerkleProofs Proofs = new(Hasher, TestTrees.Build(Hasher, LeafHashes));

    public static TheoryData<int> Sizes => [.. Enumerable.Range(1, MaxSize)];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void VerifyInclusion_AnyProofByteFlipped_ReturnsFalse(int size)
    {
        var root = Proofs.RootHash(size);
        for (var index = 0; index < size; index++)
        {
            var proof = Proofs.InclusionProof(index, size);
            for (var element = 0; element < proof.Length; element++)
            {
                for (var position = 0; position < MerkleHasher.HashSize; position++)
                {
                    var tampered = (byte[][])proof.Clone();
                    tampered[element] = TestTrees.Flip(proof[element], position);

                    Assert.False(
                        MerkleVerifier.VerifyInclusion(Hasher, index, size, LeafHashes[index], tampered, root),
                        $"leaf {index} of {size}, hash {element} byte {position}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void VerifyInclusion_WrongIndexSizeLeafOrRoot_ReturnsFalse(int size)
    {
        var root = Proofs.RootHash(size);
        for (var index = 0; index < size; index++)
        {
            var proof = Proofs.InclusionProof(index, size);
            var leaf = LeafHashes[index];

            foreach (var wrongIndex in new[] { index - 1, index + 1, index ^ 1 })
            {
                if (wrongIndex >= 0 && wrongIndex < size && wrongIndex != index)
                {
                    Assert.False(MerkleVerifier.VerifyInclusion(Hasher, wrongIndex, size, leaf, proof, root), $"index {wrongIndex} for {index} of {size}");
                }
            }

            foreach (var wrongSize in new[] { size - 1, size + 1 })
            {
                if (wrongSize > index)
                {
                    var wrongRoot = Proofs.RootHash(wrongSize);
                    Assert.False(MerkleVerifier.VerifyInclusion(Hasher, index, wrongSize, leaf, proof, wrongRoot), $"size {wrongSize} for {index} of {size}");
                }
            }

            Assert.False(MerkleVerifier.VerifyInclusion(Hasher, index, size * 2, leaf, proof, root), $"{index} of {size} * 2");
            Assert.False(MerkleVerifier.VerifyInclusion(Hasher, index, size, TestTrees.Flip(leaf, 0), proof, root));
            Assert.False(MerkleVerifier.VerifyInclusion(Hasher, index, size, leaf, proof, TestTrees.Flip(root, 31)));
            Assert.False(MerkleVerifier.VerifyInclusion(Hasher, index, size, leaf, [.. proof, root], root));
            Assert.False(MerkleVerifier.VerifyInclusion(Hasher, index, size, leaf, [root, .. proof], root));
            if (proof.Length > 0)
            {
                Assert.False(MerkleVerifier.VerifyInclusion(Hasher, index, size, leaf, proof[..^1], root));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void VerifyConsistency_AnyProofByteFlipped_ReturnsFalse(int newSize)
    {
        var newRoot = Proofs.RootHash(newSize);
        for (var oldSize = 1; oldSize < newSize; oldSize++)
        {
            var oldRoot = Proofs.RootHash(oldSize);
            var proof = Proofs.ConsistencyProof(oldSize, newSize);
            for (var element = 0; element < proof.Length; element++)
            {
                for (var position = 0; position < MerkleHasher.HashSize; position++)
                {
                    var tampered = (byte[][])proof.Clone();
                    tampered[element] = TestTrees.Flip(proof[element], position);

                    Assert.False(
                        MerkleVerifier.VerifyConsistency(Hasher, oldSize, newSize, oldRoot, newRoot, tampered),
                        $"{oldSize} to {newSize}, hash {element} byte {position}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void VerifyConsistency_WrongSizesOrRoots_ReturnsFalse(int newSize)
    {
        var newRoot = Proofs.RootHash(newSize);
        for (var oldSize = 1; oldSize < newSize; oldSize++)
        {
            var oldRoot = Proofs.RootHash(oldSize);
            var proof = Proofs.ConsistencyProof(oldSize, newSize);

            foreach (var wrongOld in new[] { oldSize - 1, oldSize + 1 })
            {
                if (wrongOld >= 1 && wrongOld < newSize)
                {
                    Assert.False(MerkleVerifier.VerifyConsistency(Hasher, wrongOld, newSize, Proofs.RootHash(wrongOld), newRoot, proof), $"old {wrongOld} for {oldSize} to {newSize}");
                }
            }

            foreach (var wrongNew in new[] { newSize - 1, newSize + 1 })
            {
                if (wrongNew > oldSize)
                {
                    Assert.False(MerkleVerifier.VerifyConsistency(Hasher, oldSize, wrongNew, oldRoot, Proofs.RootHash(wrongNew), proof), $"new {wrongNew} for {oldSize} to {newSize}");
                }
            }

            // The signed tree head binds size and root: the same roots under a doubled size must not verify.
            Assert.False(MerkleVerifier.VerifyConsistency(Hasher, oldSize, newSize * 2, oldRoot, newRoot, proof), $"{oldSize} to {newSize} * 2");
            Assert.False(MerkleVerifier.VerifyConsistency(Hasher, oldSize, newSize, TestTrees.Flip(oldRoot, 0), newRoot, proof));
            Assert.False(MerkleVerifier.VerifyConsistency(Hasher, oldSize, newSize, oldRoot, TestTrees.Flip(newRoot, 31), proof));
            Assert.False(MerkleVerifier.VerifyConsistency(Hasher, oldSize, newSize, newRoot, oldRoot, proof));
            Assert.False(MerkleVerifier.VerifyConsistency(Hasher, oldSize, newSize, oldRoot, newRoot, []));
            Assert.False(MerkleVerifier.VerifyConsistency(Hasher, oldSize, newSize, oldRoot, newRoot, [.. proof, newRoot]));
            Assert.False(MerkleVerifier.VerifyConsistency(Hasher, oldSize, newSize, oldRoot, newRoot, [oldRoot, .. proof]));
            Assert.False(MerkleVerifier.VerifyConsistency(Hasher, oldSize, newSize, oldRoot, newRoot, proof[..^1]));
        }
    }
}
