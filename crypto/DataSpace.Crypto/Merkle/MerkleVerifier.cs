using System.Numerics;
using System.Security.Cryptography;

namespace DataSpace.Crypto.Merkle;

/// <summary>
/// RFC 9162 sections 2.1.3.2 and 2.1.4.2 proof verification. Any malformed input (negative or inconsistent sizes,
/// a null or wrongly sized hash, a proof too long or too short) yields false, never an exception.
/// </summary>
public static class MerkleVerifier
{
    private const int HashSize = MerkleHasher.HashSize;

    public static bool VerifyInclusion(
        MerkleHasher hasher, long leafIndex, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> rootHash)
    {
        Span<byte> computed = stackalloc byte[HashSize];
        return rootHash.Length == HashSize
            && TryRootFromInclusionProof(hasher, leafIndex, treeSize, leafHash, proof, computed)
            && CryptographicOperations.FixedTimeEquals(computed, rootHash);
    }

    /// <summary>The root an inclusion proof leads to, or null when the proof is malformed for the index and size.</summary>
    public static byte[]? RootFromInclusionProof(
        MerkleHasher hasher, long leafIndex, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof)
    {
        var root = new byte[HashSize];
        return TryRootFromInclusionProof(hasher, leafIndex, treeSize, leafHash, proof, root) ? root : null;
    }

    /// <summary>RFC 9162 section 2.1.3.2 steps 1 to 5: computes the root into <paramref name="destination"/>.</summary>
    public static bool TryRootFromInclusionProof(
        MerkleHasher hasher, long leafIndex, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        if (destination.Length < HashSize)
        {
            throw new ArgumentException($"destination is shorter than {HashSize} bytes", nameof(destination));
        }

        if (proof is null || leafIndex < 0 || leafIndex >= treeSize || leafHash.Length != HashSize)
        {
            return false;
        }

        var fn = (ulong)leafIndex;
        var sn = (ulong)(treeSize - 1);
        Span<byte> r = stackalloc byte[HashSize];
        leafHash.CopyTo(r);
        for (var i = 0; i < proof.Count; i++)
        {
            var p = proof[i];
            if (sn == 0 || p is null || p.Length != HashSize)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                hasher.HashChildren(p, r, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                hasher.HashChildren(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            return false;
        }

        r.CopyTo(destination);
        return true;
    }

    /// <summary>
    /// RFC 9162 section 2.1.4.2. Equal sizes need an empty proof and equal roots. From size 0, which the RFC leaves
    /// undefined, this implementation requires an empty proof and <paramref name="oldRoot"/> equal to the empty-tree root.
    /// </summary>
    public static bool VerifyConsistency(
        MerkleHasher hasher, long oldSize, long newSize, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        if (proof is null || oldSize < 0 || oldSize > newSize || oldRoot.Length != HashSize || newRoot.Length != HashSize)
        {
            return false;
        }

        if (oldSize == 0)
        {
            return proof.Count == 0 && CryptographicOperations.FixedTimeEquals(oldRoot, hasher.EmptyRoot);
        }

        if (oldSize == newSize)
        {
            return proof.Count == 0 && CryptographicOperations.FixedTimeEquals(oldRoot, newRoot);
        }

        if (proof.Count == 0 || proof.Count > MerkleProofs.MaxProofHashes)
        {
            return false;
        }

        for (var i = 0; i < proof.Count; i++)
        {
            if (proof[i] is null || proof[i].Length != HashSize)
            {
                return false;
            }
        }

        return VerifyConsistencyPath(hasher, (ulong)oldSize, (ulong)newSize, oldRoot, newRoot, proof);
    }

    // RFC 9162 section 2.1.4.2 steps 1 to 6, for 0 < m < n and a proof of well-formed hashes.
    private static bool VerifyConsistencyPath(
        MerkleHasher hasher, ulong oldSize, ulong newSize, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot, IReadOnlyList<byte[]> proof)
    {
        // Step 1: a power-of-two old size means the old root is the first node of the path.
        var oldIsSubtree = BitOperations.IsPow2(oldSize);
        var next = oldIsSubtree ? 0 : 1;
        ReadOnlySpan<byte> first = oldIsSubtree ? oldRoot : proof[0];
        var fn = oldSize - 1;
        var sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        Span<byte> fr = stackalloc byte[HashSize];
        Span<byte> sr = stackalloc byte[HashSize];
        first.CopyTo(fr);
        first.CopyTo(sr);
        for (var i = next; i < proof.Count; i++)
        {
            var c = proof[i];
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                hasher.HashChildren(c, fr, fr);
                hasher.HashChildren(c, sr, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                hasher.HashChildren(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0
            & CryptographicOperations.FixedTimeEquals(fr, oldRoot)
            & CryptographicOperations.FixedTimeEquals(sr, newRoot);
    }
}
