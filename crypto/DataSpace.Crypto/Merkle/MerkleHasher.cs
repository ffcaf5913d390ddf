using DataSpace.Crypto.Digests;

namespace DataSpace.Crypto.Merkle;

/// <summary>
/// RFC 9162 section 2.1.1 Merkle hashing: leaf hash = H(0x00 || entry), node hash = H(0x01 || left || right),
/// with SHA-256, or SM3 for sm2 deployments.
/// </summary>
public sealed class MerkleHasher
{
    /// <summary>Every node hash is 32 bytes.</summary>
    public const int HashSize = Digest.Size;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;
    private const int StackLeafLimit = 1024;

    private readonly byte[] _emptyRoot;

    private MerkleHasher(DigestAlgorithm algorithm)
    {
        Algorithm = algorithm;
        _emptyRoot = Digest.HashData(algorithm, []);
    }

    public static MerkleHasher Sha256 { get; } = new(DigestAlgorithm.Sha256);

    public static MerkleHasher Sm3 { get; } = new(DigestAlgorithm.Sm3);

    public DigestAlgorithm Algorithm { get; }

    /// <summary>The root of the empty tree: the hash of the empty string (RFC 9162 section 2.1.1).</summary>
    public ReadOnlySpan<byte> EmptyRoot => _emptyRoot;

    public static MerkleHasher For(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => Sha256,
        DigestAlgorithm.Sm3 => Sm3,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown digest algorithm"),
    };

    public void HashLeaf(ReadOnlySpan<byte> entry, Span<byte> destination)
    {
        if (entry.Length <= StackLeafLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLeafLimit + 1];
            buffer[0] = LeafPrefix;
            entry.CopyTo(buffer[1..]);
            Digest.HashData(Algorithm, buffer[..(entry.Length + 1)], destination);
        }
        else
        {
            ReadOnlySpan<byte> prefix = [LeafPrefix];
            Digest.HashData(Algorithm, prefix, entry, destination);
        }
    }

    public byte[] HashLeaf(ReadOnlySpan<byte> entry)
    {
        var result = new byte[HashSize];
        HashLeaf(entry, result);
        return result;
    }

    public void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        buffer[0] = NodePrefix;
        left[..HashSize].CopyTo(buffer[1..]);
        right[..HashSize].CopyTo(buffer[(1 + HashSize)..]);
        Digest.HashData(Algorithm, buffer, destination);
    }

    public byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var result = new byte[HashSize];
        HashChildren(left, right, result);
        return result;
    }
}
