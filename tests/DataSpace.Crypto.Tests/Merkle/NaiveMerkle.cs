using System.Numerics;

namespace DataSpace.Crypto.Tests.Merkle;

/// <summary>
/// RFC 9162 section 2.1 written straight from the text, recursive and slow, over a raw digest so that it shares
/// no code with the implementation: MTH (2.1.1), PATH (2.1.3.1) and PROOF/SUBPROOF (2.1.4.1).
/// </summary>
internal sealed class NaiveMerkle(Func<byte[], byte[]> digest)
{
    public byte[] LeafHash(byte[] entry) => digest([0x00, .. entry]);

    public byte[] NodeHash(byte[] left, byte[] right) => digest([0x01, .. left, .. right]);

    // MTH({}) = HASH(); MTH({d0}) = the leaf hash; MTH(D[n]) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])).
    public byte[] Mth(ReadOnlySpan<byte[]> leafHashes)
    {
        if (leafHashes.Length == 0)
        {
            return digest([]);
        }

        if (leafHashes.Length == 1)
        {
            return leafHashes[0];
        }

        var k = Split(leafHashes.Length);
        return NodeHash(Mth(leafHashes[..k]), Mth(leafHashes[k..]));
    }

    // PATH(m, {d0}) = {}; PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) for m < k, else PATH(m - k, D[k:n]) : MTH(D[0:k]).
    public List<byte[]> Path(int m, ReadOnlySpan<byte[]> leafHashes)
    {
        if (leafHashes.Length == 1)
        {
            return [];
        }

        var k = Split(leafHashes.Length);
        if (m < k)
        {
            return [.. Path(m, leafHashes[..k]), Mth(leafHashes[k..])];
        }

        return [.. Path(m - k, leafHashes[k..]), Mth(leafHashes[..k])];
    }

    // PROOF(m, D[n]) = SUBPROOF(m, D[n], true).
    public List<byte[]> Proof(int m, ReadOnlySpan<byte[]> leafHashes) => SubProof(m, leafHashes, true);

    private List<byte[]> SubProof(int m, ReadOnlySpan<byte[]> leafHashes, bool b)
    {
        var n = leafHashes.Length;
        if (m == n)
        {
            return b ? [] : [Mth(leafHashes)];
        }

        var k = Split(n);
        if (m <= k)
        {
            return [.. SubProof(m, leafHashes[..k], b), Mth(leafHashes[k..])];
        }

        return [.. SubProof(m - k, leafHashes[k..], false), Mth(leafHashes[..k])];
    }

    // k is the largest power of two smaller than n.
    private static int Split(int n) => (int)BitOperations.RoundUpToPowerOf2((uint)n) / 2;
}
