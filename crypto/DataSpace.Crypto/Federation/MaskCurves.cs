using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Utilities;
using Rfc7748 = Org.BouncyCastle.Math.EC.Rfc7748;

namespace DataSpace.Crypto.Federation;

/// <summary>
/// The curve arithmetic behind <see cref="MaskKeyPair"/>, with BouncyCastle: key derivation, public keys, peer key
/// validation and the raw shared secret of each <see cref="MaskAgreement"/>. BouncyCastle's BigInteger and key
/// objects keep copies of the scalars that cannot be wiped; the byte arrays this class is given are wiped by the caller.
/// </summary>
internal static class MaskCurves
{
    public const int ScalarSize = 32;
    public const int X25519KeySize = 32;
    public const int PointSize = 65;
    public const int SharedSecretSize = 32;

    // EC scalars are drawn from 48 bytes (128 bits more than n) so the reduction bias is below 2^-128
    // (FIPS 186-5 appendix A.2.1, "extra random bits").
    private const int ExtraBitsSize = 48;

    private static readonly ECDomainParameters P256 = new(CustomNamedCurves.GetByName("secp256r1"));
    private static readonly ECDomainParameters Sm2 = new(CustomNamedCurves.GetByName("sm2p256v1"));

    // Any clamped scalar is a multiple of 8, so X25519 with it gives all zeros exactly for the u-coordinates whose
    // shared secret is all zeros for every private key (RFC 7748 section 6.1: the low-order points).
    private static readonly byte[] LowOrderProbe = Clamp(Enumerable.Repeat((byte)0x5a, X25519KeySize).ToArray());

    /// <summary>HKDF-SHA256 (RFC 5869) of the secret, then clamped (X25519) or reduced into the scalar range (EC).</summary>
    public static byte[] DerivePrivateKey(MaskAgreement agreement, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info)
    {
        if (agreement == MaskAgreement.X25519)
        {
            var scalar = new byte[X25519KeySize];
            HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, scalar, salt, info);
            return Clamp(scalar);
        }

        Span<byte> okm = stackalloc byte[ExtraBitsSize];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, okm, salt, info);
            var domain = DomainOf(agreement);

            // P-256: d in [1, n-1] (SEC 1 section 3.2.1); SM2: d in [1, n-2] (GB/T 32918.1-2016 section 6.1).
            var top = agreement == MaskAgreement.Sm2 ? domain.N.Subtract(BigInteger.Two) : domain.N.Subtract(BigInteger.One);
            var d = new BigInteger(1, okm).Mod(top).Add(BigInteger.One);
            return BigIntegers.AsUnsignedByteArray(ScalarSize, d);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    /// <summary>The encoded public key: X25519 u-coordinate, or the uncompressed SEC 1 point d·G.</summary>
    public static byte[] PublicKeyOf(MaskAgreement agreement, byte[] privateKey)
    {
        if (agreement == MaskAgreement.X25519)
        {
            var publicKey = new byte[X25519KeySize];
            Rfc7748.X25519.ScalarMultBase(privateKey, publicKey);
            return publicKey;
        }

        var domain = DomainOf(agreement);
        return new FixedPointCombMultiplier().Multiply(domain.G, new BigInteger(1, privateKey)).GetEncoded(false);
    }

    /// <summary>Why <paramref name="publicKey"/> cannot be a peer's key, or null when it can.</summary>
    public static string? ProblemOf(MaskAgreement agreement, ReadOnlySpan<byte> publicKey)
    {
        var name = MaskAgreements.Name(agreement);
        if (agreement == MaskAgreement.X25519)
        {
            if (publicKey.Length != X25519KeySize)
            {
                return $"the x25519 public key is {publicKey.Length} bytes, expected {X25519KeySize}";
            }

            Span<byte> probe = stackalloc byte[X25519KeySize];
            return Rfc7748.X25519.CalculateAgreement(LowOrderProbe, publicKey, probe)
                ? null
                : "the x25519 public key is a low-order point: the shared secret would be all zeros (RFC 7748 section 6.1)";
        }

        if (publicKey.Length != PointSize || publicKey[0] != 0x04)
        {
            return $"the {name} public key must be an uncompressed SEC 1 point of {PointSize} bytes (0x04||X||Y), got {publicKey.Length} bytes";
        }

        return TryDecodePoint(agreement, publicKey, out _) ? null : $"the {name} public key is not a point on the curve";
    }

    /// <summary>
    /// The raw shared secret into <paramref name="destination"/> (32 bytes): the X25519 output, the P-256 x-coordinate
    /// (SEC 1 section 3.3.1), or K of the SM2 key exchange with klen = 256 (GB/T 32918.3-2016 section 6.1, A8/B7).
    /// The peer key must have passed <see cref="ProblemOf"/>.
    /// </summary>
    public static void SharedSecret(
        MaskAgreement agreement,
        byte[] privateKey,
        ReadOnlySpan<byte> peerPublicKey,
        string selfId,
        string peerId,
        Span<byte> destination)
    {
        switch (agreement)
        {
            case MaskAgreement.X25519:
                if (!Rfc7748.X25519.CalculateAgreement(privateKey, peerPublicKey, destination))
                {
                    throw new ArgumentException("the x25519 shared secret is all zeros: the peer key is a low-order point", nameof(peerPublicKey));
                }

                break;
            case MaskAgreement.P256:
                var peer = new ECPublicKeyParameters(DecodePoint(agreement, peerPublicKey), P256);
                var ecdh = new ECDHBasicAgreement();
                ecdh.Init(new ECPrivateKeyParameters(new BigInteger(1, privateKey), P256));
                var x = BigIntegers.AsUnsignedByteArray(SharedSecretSize, ecdh.CalculateAgreement(peer));
                x.CopyTo(destination);
                CryptographicOperations.ZeroMemory(x);
                break;
            case MaskAgreement.Sm2:
                Sm2SharedSecret(privateKey, peerPublicKey, selfId, peerId, destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(agreement), agreement, "unknown mask agreement");
        }
    }

    private static void Sm2SharedSecret(byte[] privateKey, ReadOnlySpan<byte> peerPublicKey, string selfId, string peerId, Span<byte> destination)
    {
        var own = new ECPrivateKeyParameters(new BigInteger(1, privateKey), Sm2);
        var peer = new ECPublicKeyParameters(DecodePoint(MaskAgreement.Sm2, peerPublicKey), Sm2);
        var initiator = string.CompareOrdinal(selfId, peerId) < 0;

        // The same pair is the static and the ephemeral key: (d, P) plays (d, P) and (r, R) of section 6.1.
        var exchange = new SM2KeyExchange();
        exchange.Init(new ParametersWithID(new SM2KeyExchangePrivateParameters(initiator, own, own), Encoding.UTF8.GetBytes(selfId)));
        var key = exchange.CalculateKey(SharedSecretSize * 8, new ParametersWithID(new SM2KeyExchangePublicParameters(peer, peer), Encoding.UTF8.GetBytes(peerId)));
        try
        {
            key.CopyTo(destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static ECPoint DecodePoint(MaskAgreement agreement, ReadOnlySpan<byte> encoded) =>
        TryDecodePoint(agreement, encoded, out var point)
            ? point
            : throw new ArgumentException($"the {MaskAgreements.Name(agreement)} public key is not a point on the curve", nameof(encoded));

    // SEC 1 section 2.3.4: coordinates below p, the point on the curve; the cofactor is 1 for both curves, so every
    // point of the curve but infinity generates the whole group.
    private static bool TryDecodePoint(MaskAgreement agreement, ReadOnlySpan<byte> encoded, out ECPoint point)
    {
        point = null!;
        if (encoded.Length != PointSize || encoded[0] != 0x04)
        {
            return false;
        }

        try
        {
            point = DomainOf(agreement).Curve.DecodePoint(encoded.ToArray());
            return !point.IsInfinity && point.IsValid();
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static ECDomainParameters DomainOf(MaskAgreement agreement) => agreement switch
    {
        MaskAgreement.P256 => P256,
        MaskAgreement.Sm2 => Sm2,
        _ => throw new ArgumentOutOfRangeException(nameof(agreement), agreement, "not an elliptic-curve mask agreement"),
    };

    // RFC 7748 section 5: clear bits 0-2 and 255, set bit 254.
    private static byte[] Clamp(byte[] scalar)
    {
        Rfc7748.X25519.ClampPrivateKey(scalar);
        return scalar;
    }
}
