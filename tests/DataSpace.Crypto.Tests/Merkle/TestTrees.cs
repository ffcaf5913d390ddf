using System.Security.Cryptography;
using System.Text;
using DataSpace.Crypto.Merkle;

namespace DataSpace.Crypto.Tests.Merkle;

/// <summary>Builds trees and reference data shared by the Merkle tests.</summary>
internal static class TestTrees
{
    public static NaiveMerkle NaiveSha256 { get; } = new(SHA256.HashData);

    /// <summary>Distinct entries "entry-0", "entry-1", ... hashed as RFC 9162 leaves.</summary>
    public static byte[][] LeafHashes(MerkleHasher hasher, int count)
    {
        var hashes = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            hashes[i] = hasher.HashLeaf(Encoding.UTF8.GetBytes($"entry-{i}"));
        }

        return hashes;
    }

    /// <summary>Appends the leaf hashes through a compact range into a memory tree holding every complete subtree.</summary>
    public static MemoryMerkleTree Build(MerkleHasher hasher, IReadOnlyList<byte[]> leafHashes)
    {
        var tree = new MemoryMerkleTree();
        var range = new CompactRange(hasher);
        foreach (var leafHash in leafHashes)
        {
            range.Append(leafHash, tree);
        }

        return tree;
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static string[] Hex(IEnumerable<byte[]> hashes) => [.. hashes.Select(h => Convert.ToHexStringLower(h))];

    /// <summary>Parses "a,b,c" (or "" for none) into hashes.</summary>
    public static byte[][] ParseHashes(string commaSeparatedHex) =>
        commaSeparatedHex.Length == 0 ? [] : [.. commaSeparatedHex.Split(',').Select(Convert.FromHexString)];

    public static byte[] Flip(byte[] hash, int position, byte mask = 0x01)
    {
        var copy = (byte[])hash.Clone();
        copy[position] ^= mask;
        return copy;
    }
}
