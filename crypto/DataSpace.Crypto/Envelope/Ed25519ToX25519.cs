using System.Numerics;
using System.Security.Cryptography;

namespace DataSpace.Crypto.Envelope;

/// <summary>
/// Converts Ed25519 keys to X25519 keys as libsodium's crypto_sign_ed25519_pk_to_curve25519 and
/// crypto_sign_ed25519_sk_to_curve25519 (and age) do, so that a signing key can receive envelopes.
/// </summary>
internal static class Ed25519ToX25519
{
    public const int KeySize = 32;

    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    /// <summary>Maps the Edwards point's y to the Montgomery u; a low-order point gives false.</summary>
    public static bool TryConvertPublicKey(ReadOnlySpan<byte> ed25519PublicKey, Span<byte> x25519PublicKey)
    {
        if (ed25519PublicKey.Length != KeySize || x25519PublicKey.Length != KeySize)
        {
            throw new ArgumentException($"keys are {KeySize} bytes");
        }

        // RFC 8032 section 5.1.3: y is little-endian with the sign of x in the top bit.
        Span<byte> encodedY = stackalloc byte[KeySize];
        ed25519PublicKey.CopyTo(encodedY);
        encodedY[^1] &= 0x7F;
        var y = new BigInteger(encodedY, isUnsigned: true, isBigEndian: false) % P;

        var oneMinusY = (1 - y + P) % P;
        if (oneMinusY.IsZero)
        {
            // y = 1 is the neutral element, which has no Montgomery image.
            return false;
        }

        // RFC 7748 section 4.1: the birational map to curve25519 is u = (1 + y) / (1 - y) mod p.
        var u = (1 + y) * BigInteger.ModPow(oneMinusY, P - 2, P) % P;

        x25519PublicKey.Clear();
        u.TryWriteBytes(x25519PublicKey, out _, isUnsigned: true, isBigEndian: false);
        return !u.IsZero;
    }

    /// <summary>The X25519 private key: the clamped first half of SHA-512(seed) (RFC 8032 5.1.5, RFC 7748 5).</summary>
    public static void ConvertPrivateKey(ReadOnlySpan<byte> ed25519Seed, Span<byte> x25519PrivateKey)
    {
        if (ed25519Seed.Length != KeySize || x25519PrivateKey.Length != KeySize)
        {
            throw new ArgumentException($"keys are {KeySize} bytes");
        }

        Span<byte> hash = stackalloc byte[SHA512.HashSizeInBytes];
        try
        {
            SHA512.HashData(ed25519Seed, hash);
            hash[..KeySize].CopyTo(x25519PrivateKey);

            // RFC 7748 section 5, decodeScalar25519.
            x25519PrivateKey[0] &= 248;
            x25519PrivateKey[31] &= 127;
            x25519PrivateKey[31] |= 64;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(hash);
        }
    }
}
