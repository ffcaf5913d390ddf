using System.Security.Cryptography;

namespace DataSpace.Crypto.Signatures;

/// <summary>A P-256 public key, verified with .NET's ECDsa (OpenSSL on Linux).</summary>
internal sealed class P256PublicKey : PublicKey
{
    public const int PointSize = 65;
    private const int CoordinateSize = 32;

    private readonly byte[] _point;
    private readonly ECDsa _ecdsa;

    private P256PublicKey(byte[] point, ECDsa ecdsa)
        : base(KeyEncoding.EncodeSubjectPublicKeyInfo(P256Suite.Instance, point))
    {
        _point = point;
        _ecdsa = ecdsa;
    }

    public override ISignatureSuite Suite => P256Suite.Instance;

    public override ReadOnlyMemory<byte> RawKey => _point;

    /// <summary>The public parameters, for constructions in this assembly (envelope encryption).</summary>
    internal ECParameters Parameters => ToParameters(_point);

    public static P256PublicKey Create(ReadOnlySpan<byte> point)
    {
        if (point.Length != PointSize || point[0] != 0x04)
        {
            throw new KeyFormatException($"P-256 public key must be an uncompressed point of {PointSize} bytes");
        }

        var copy = point.ToArray();
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportParameters(ToParameters(copy));
        }
        catch (CryptographicException exception)
        {
            ecdsa.Dispose();
            throw new KeyFormatException("P-256 public key is not a point on the P-256 curve", exception);
        }

        return new P256PublicKey(copy, ecdsa);
    }

    public override bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        try
        {
            return _ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    internal static byte[] EncodePoint(ECPoint q)
    {
        var point = new byte[PointSize];
        point[0] = 0x04;
        q.X.AsSpan().CopyTo(point.AsSpan(1, CoordinateSize));
        q.Y.AsSpan().CopyTo(point.AsSpan(1 + CoordinateSize, CoordinateSize));
        return point;
    }

    private static ECParameters ToParameters(byte[] point) => new()
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint
        {
            X = point.AsSpan(1, CoordinateSize).ToArray(),
            Y = point.AsSpan(1 + CoordinateSize, CoordinateSize).ToArray(),
        },
    };
}
