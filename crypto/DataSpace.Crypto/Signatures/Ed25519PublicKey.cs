using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace DataSpace.Crypto.Signatures;

/// <summary>An Ed25519 public key (RFC 8032 section 5.1.5), verified with BouncyCastle.</summary>
internal sealed class Ed25519PublicKey : PublicKey
{
    public const int KeySize = 32;
    public const int SignatureSize = 64;

    private readonly byte[] _key;

    private Ed25519PublicKey(byte[] key, Ed25519PublicKeyParameters parameters)
        : base(KeyEncoding.EncodeSubjectPublicKeyInfo(Ed25519Suite.Instance, key))
    {
        _key = key;
        Parameters = parameters;
    }

    public override ISignatureSuite Suite => Ed25519Suite.Instance;

    public override ReadOnlyMemory<byte> RawKey => _key;

    /// <summary>The BouncyCastle key, for constructions in this assembly (envelope encryption).</summary>
    internal Ed25519PublicKeyParameters Parameters { get; }

    public static Ed25519PublicKey Create(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new KeyFormatException($"Ed25519 public key is {key.Length} bytes, expected {KeySize}");
        }

        Ed25519PublicKeyParameters parameters;
        try
        {
            parameters = new Ed25519PublicKeyParameters(key);
        }
        catch (ArgumentException exception)
        {
            throw new KeyFormatException("Ed25519 public key is not a valid curve point", exception);
        }

        return new Ed25519PublicKey(key.ToArray(), parameters);
    }

    internal static Ed25519PublicKey FromParameters(Ed25519PublicKeyParameters parameters) =>
        new(parameters.GetEncoded(), parameters);

    public override bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureSize)
        {
            return false;
        }

        try
        {
            // RFC 8032 section 5.1.7, with the cofactorless check and S < L enforced by BouncyCastle.
            return Parameters.Verify(Ed25519.Algorithm.Ed25519, null, message, signature);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
