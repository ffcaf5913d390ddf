using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace DataSpace.Crypto.Signatures;

/// <summary>An SM2 private key: the scalar d of GB/T 32918.1-2016 section 6.1.</summary>
internal sealed class Sm2SigningKey : SigningKey
{
    private readonly byte[] _d;
    private readonly Sm2PublicKey _publicKey;
    private readonly Lock _signerGate = new();
    private ECPrivateKeyParameters? _parameters;
    private SM2Signer? _signer;

    private Sm2SigningKey(ReadOnlySpan<byte> d, BigInteger scalar)
    {
        _d = d.ToArray();
        _parameters = new ECPrivateKeyParameters(scalar, Sm2Curve.Domain);
        var q = Sm2Curve.Domain.G.Multiply(scalar).Normalize();
        _publicKey = Sm2PublicKey.FromParameters(new ECPublicKeyParameters(q, Sm2Curve.Domain));
    }

    public override ISignatureSuite Suite => Sm2Suite.Instance;

    public override PublicKey PublicKey => _publicKey;

    /// <summary>
    /// The BouncyCastle key, for constructions in this assembly (envelope encryption). Its BigInteger is
    /// immutable: Dispose drops it but cannot wipe it.
    /// </summary>
    internal ECPrivateKeyParameters Parameters
    {
        get
        {
            ThrowIfDisposed();
            return _parameters!;
        }
    }

    /// <summary>The scalar bytes, for tests of <see cref="SigningKey.Dispose"/>.</summary>
    internal ReadOnlySpan<byte> Scalar => _d;

    public static Sm2SigningKey Generate()
    {
        Span<byte> d = stackalloc byte[KeyEncoding.EcScalarSize];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(d);
                var scalar = new BigInteger(1, d);
                if (Sm2Curve.IsValidPrivateKey(scalar))
                {
                    return new Sm2SigningKey(d, scalar);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(d);
        }
    }

    /// <summary>Creates the key from the 32-byte big-endian scalar.</summary>
    public static Sm2SigningKey Create(ReadOnlySpan<byte> d)
    {
        var scalar = new BigInteger(1, d);
        if (d.Length != KeyEncoding.EcScalarSize || !Sm2Curve.IsValidPrivateKey(scalar))
        {
            throw new KeyFormatException("SM2 private key is out of range [1, n-2]");
        }

        return new Sm2SigningKey(d, scalar);
    }

    public override byte[] Sign(ReadOnlySpan<byte> message)
    {
        // GB/T 32918.2-2016 section 6.1, with k from the operating system's random number generator.
        // Init derives the public point (a full scalar multiplication), so one signer serves every signature of this
        // key; after each signature it resets to the Z_A prefix.
        lock (_signerGate)
        {
            var signer = _signer ??= Sm2Curve.CreateSigner(forSigning: true, new ParametersWithRandom(Parameters, new SecureRandom()));
            signer.BlockUpdate(message);
            return signer.GenerateSignature();
        }
    }

    internal override byte[] ExportPrivateKeyInfo()
    {
        ThrowIfDisposed();
        return KeyEncoding.EncodePrivateKeyInfo(Suite, _d, _publicKey.RawKey.Span);
    }

    private protected override void DisposeKeyMaterial()
    {
        CryptographicOperations.ZeroMemory(_d);
        _parameters = null;
        lock (_signerGate)
        {
            _signer = null;
        }
    }
}
