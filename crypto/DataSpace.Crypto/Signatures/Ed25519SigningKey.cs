using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace DataSpace.Crypto.Signatures;

/// <summary>An Ed25519 private key: the 32-byte seed of RFC 8032 section 5.1.5.</summary>
internal sealed class Ed25519SigningKey : SigningKey
{
    private readonly byte[] _seed;
    private Ed25519PrivateKeyParameters? _parameters;

    private Ed25519SigningKey(ReadOnlySpan<byte> seed)
    {
        _seed = seed.ToArray();
        _parameters = new Ed25519PrivateKeyParameters(seed);
        PublicKey = Ed25519PublicKey.FromParameters(_parameters.GeneratePublicKey());
    }

    public override ISignatureSuite Suite => Ed25519Suite.Instance;

    public override PublicKey PublicKey { get; }

    /// <summary>
    /// The BouncyCastle key, for constructions in this assembly (envelope encryption). BouncyCastle keeps
    /// its own copy of the seed, which Dispose drops but cannot wipe.
    /// </summary>
    internal Ed25519PrivateKeyParameters Parameters
    {
        get
        {
            ThrowIfDisposed();
            return _parameters!;
        }
    }

    /// <summary>The seed, for tests of <see cref="SigningKey.Dispose"/>.</summary>
    internal ReadOnlySpan<byte> Seed => _seed;

    public static Ed25519SigningKey Generate()
    {
        Span<byte> seed = stackalloc byte[Ed25519PublicKey.KeySize];
        try
        {
            RandomNumberGenerator.Fill(seed);
            return new Ed25519SigningKey(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public static Ed25519SigningKey Create(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != Ed25519PublicKey.KeySize)
        {
            throw new KeyFormatException($"Ed25519 private key is {seed.Length} bytes, expected {Ed25519PublicKey.KeySize}");
        }

        return new Ed25519SigningKey(seed);
    }

    public override byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signature = new byte[Ed25519PublicKey.SignatureSize];
        Parameters.Sign(Ed25519.Algorithm.Ed25519, null, message, signature);
        return signature;
    }

    internal override byte[] ExportPrivateKeyInfo()
    {
        ThrowIfDisposed();
        return KeyEncoding.EncodePrivateKeyInfo(Suite, _seed, default);
    }

    private protected override void DisposeKeyMaterial()
    {
        CryptographicOperations.ZeroMemory(_seed);
        _parameters = null;
    }
}
