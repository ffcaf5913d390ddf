using BenchmarkDotNet.Attributes;
using DataSpace.Crypto.Merkle;

namespace DataSpace.Benchmarks.Merkle;

/// <summary>
/// Proof generation on a 1,000,000-entry log held in memory: the hashing and node-walking cost that a file-backed
/// store adds its pread calls to (target: an inclusion proof within 20 µs).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MerkleProofsBenchmarks
{
    private const long Size = 1_000_000;

    private readonly byte[] _proof = new byte[MerkleProofs.MaxProofHashes * MerkleHasher.HashSize];
    private MerkleProofs _proofs = null!;
    private long _leaf;

    [GlobalSetup]
    public void Setup()
    {
        var hasher = MerkleHasher.Sha256;
        var tree = new MemoryMerkleTree();
        var range = new CompactRange(hasher);
        Span<byte> leafHash = stackalloc byte[MerkleHasher.HashSize];
        for (long i = 0; i < Size; i++)
        {
            BitConverter.TryWriteBytes(leafHash, i);
            hasher.HashLeaf(leafHash[..8], leafHash);
            range.Append(leafHash, tree);
        }

        _proofs = new MerkleProofs(hasher, tree);
    }

    [Benchmark]
    public int InclusionProofIntoSpan()
    {
        _leaf = (_leaf + 7919) % Size;
        return _proofs.InclusionProof(_leaf, Size, _proof);
    }

    [Benchmark]
    public byte[][] InclusionProofArrays()
    {
        _leaf = (_leaf + 7919) % Size;
        return _proofs.InclusionProof(_leaf, Size);
    }

    [Benchmark]
    public int ConsistencyProofIntoSpan()
    {
        _leaf = (_leaf + 7919) % Size;
        return _proofs.ConsistencyProof(_leaf + 1, Size, _proof);
    }
}
