using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace DataSpace.Crypto.Signatures;

/// <summary>The sm2p256v1 curve (GB/T 32918.5-2016) and the SM2 signer set up as OpenSSL and GmSSL do.</summary>
internal static class Sm2Curve
{
    public const int PointSize = 65;

    /// <summary>The default signer id of GM/T 0009-2012 section 10 (and of OpenSSL's distid).</summary>
    public static ReadOnlySpan<byte> DefaultUserId => "1234567812345678"u8;

    // BouncyCastle's custom sm2p256v1 implementation: the same curve as GMNamedCurves, with fast field arithmetic.
    public static ECDomainParameters Domain { get; } = new(CustomNamedCurves.GetByName("sm2p256v1"));

    /// <summary>An SM2 signer with SM3, the default user id and DER SEQUENCE{r, s} signatures (GM/T 0009 section 7.2).</summary>
    public static SM2Signer CreateSigner(bool forSigning, ICipherParameters key)
    {
        var signer = new SM2Signer(StandardDsaEncoding.Instance, new SM3Digest());
        signer.Init(forSigning, new ParametersWithID(key, DefaultUserId));
        return signer;
    }

    /// <summary>Decodes 0x04||X||Y and checks that it is a point of the curve other than infinity.</summary>
    public static ECPoint DecodePoint(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length != PointSize || encoded[0] != 0x04)
        {
            throw new KeyFormatException($"SM2 public key must be an uncompressed point of {PointSize} bytes");
        }

        try
        {
            var point = Domain.Curve.DecodePoint(encoded.ToArray());
            if (point.IsInfinity || !point.IsValid())
            {
                throw new KeyFormatException("SM2 public key is not a point on the SM2 curve");
            }

            return point;
        }
        catch (ArgumentException exception)
        {
            throw new KeyFormatException("SM2 public key is not a point on the SM2 curve", exception);
        }
    }

    /// <summary>A private key is an integer in [1, n-2] (GB/T 32918.1-2016 section 6.1).</summary>
    public static bool IsValidPrivateKey(BigInteger d) =>
        d.SignValue > 0 && d.CompareTo(Domain.N.Subtract(BigInteger.One)) < 0;
}
