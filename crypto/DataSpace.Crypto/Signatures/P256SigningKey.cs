using System.Security.Cryptography;

namespace DataSpace.Crypto.Signatures;

/// <summary>A P-256 private key held by .NET's ECDsa (OpenSSL on Linux).</summary>
internal sealed class P256SigningKey : SigningKey
{
    // The order n of P-256, FIPS 186-5 / SP 800-186 section 3.2.1.3.
    private static readonly byte[] Order = Convert.FromHexString("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");

    private readonly byte[] _d;
    private readonly P256PublicKey _publicKey;
    private ECDsa? _ecdsa;

    private P256SigningKey(ECDsa ecdsa, ECParameters parameters)
    {
        _ecdsa = ecdsa;
        _d = parameters.D!;
        _publicKey = P256PublicKey.Create(P256PublicKey.EncodePoint(parameters.Q));
    }

    public override ISignatureSuite Suite => P256Suite.Instance;

    public override PublicKey PublicKey => _publicKey;

    /// <summary>The scalar bytes, for tests of <see cref="SigningKey.Dispose"/>.</summary>
    internal ReadOnlySpan<byte> Scalar => _d;

    public static P256SigningKey Generate()
    {
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new P256SigningKey(ecdsa, ecdsa.ExportParameters(includePrivateParameters: true));
    }

    /// <summary>Creates the key from the 32-byte big-endian scalar; the public point is derived.</summary>
    public static P256SigningKey Create(ReadOnlySpan<byte> d)
    {
        if (d.Length != KeyEncoding.EcScalarSize || d.IndexOfAnyExcept((byte)0) < 0 || d.SequenceCompareTo(Order) >= 0)
        {
            throw new KeyFormatException("P-256 private key is out of range [1, n-1]");
        }

        var ecdsa = ECDsa.Create();
        var imported = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d.ToArray() };
        try
        {
            ecdsa.ImportParameters(imported);
            return new P256SigningKey(ecdsa, ecdsa.ExportParameters(includePrivateParameters: true));
        }
        catch (CryptographicException exception)
        {
            ecdsa.Dispose();
            throw new KeyFormatException("P-256 private key is not usable", exception);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(imported.D);
        }
    }

    /// <summary>The private and public parameters, for envelope encryption; the caller zeroes D after use.</summary>
    internal ECParameters ExportParameters()
    {
        ThrowIfDisposed();
        return _ecdsa!.ExportParameters(includePrivateParameters: true);
    }

    public override byte[] Sign(ReadOnlySpan<byte> message)
    {
        ThrowIfDisposed();
        return _ecdsa!.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    internal override byte[] ExportPrivateKeyInfo()
    {
        ThrowIfDisposed();
        return KeyEncoding.EncodePrivateKeyInfo(Suite, _d, _publicKey.RawKey.Span);
    }

    private protected override void DisposeKeyMaterial()
    {
        CryptographicOperations.ZeroMemory(_d);
        _ecdsa?.Dispose();
        _ecdsa = null;
    }
}
