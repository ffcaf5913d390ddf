using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace DataSpace.Sandbox.Privacy;

/// <summary>
/// SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", INDOCRYPT 2012): a keyed 64-bit
/// hash that is a pseudorandom function of its message under a secret 128-bit key (k0, k1), so whoever does not
/// know the key can neither predict nor steer its outputs. The key bytes 0..7 are k0 and 8..15 are k1, both
/// little-endian, as in the paper and its reference code.
/// </summary>
internal static class SipHash
{
    /// <summary>SipHash-2-4 of <paramref name="message"/> under the key (k0, k1).</summary>
    public static ulong Hash(ulong k0, ulong k1, ReadOnlySpan<byte> message)
    {
        var v0 = k0 ^ 0x736F_6D65_7073_6575UL;
        var v1 = k1 ^ 0x646F_7261_6E64_6F6DUL;
        var v2 = k0 ^ 0x6C79_6765_6E65_7261UL;
        var v3 = k1 ^ 0x7465_6462_7974_6573UL;

        var whole = message.Length & ~7;
        for (var offset = 0; offset < whole; offset += 8)
        {
            var block = BinaryPrimitives.ReadUInt64LittleEndian(message[offset..]);
            v3 ^= block;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= block;
        }

        // The last block holds the remaining 0..7 bytes and, in its top byte, the message length mod 256.
        var last = (ulong)message.Length << 56;
        var tail = message[whole..];
        for (var i = 0; i < tail.Length; i++)
        {
            last |= (ulong)tail[i] << (8 * i);
        }

        return Finish(v0, v1, v2, v3, last);
    }

    /// <summary>
    /// SipHash-2-4 of the 8-byte message that is <paramref name="message"/> written little-endian: the same value
    /// as <see cref="Hash(ulong, ulong, ReadOnlySpan{byte})"/> of those bytes, without a buffer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ulong k0, ulong k1, ulong message)
    {
        var v0 = k0 ^ 0x736F_6D65_7073_6575UL;
        var v1 = k1 ^ 0x646F_7261_6E64_6F6DUL;
        var v2 = k0 ^ 0x6C79_6765_6E65_7261UL;
        var v3 = k1 ^ 0x7465_6462_7974_6573UL ^ message;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= message;
        return Finish(v0, v1, v2, v3, 8UL << 56);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finish(ulong v0, ulong v1, ulong v2, ulong v3, ulong last)
    {
        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;
        v2 ^= 0xFF;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}
