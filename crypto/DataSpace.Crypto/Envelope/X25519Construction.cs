using System.Security.Cryptography;
using DataSpace.Crypto.Signatures;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace DataSpace.Crypto.Envelope;

/// <summary>
/// For Ed25519 recipients: the key converted to X25519, ephemeral-static X25519 (RFC 7748 section 6.1) with
/// BouncyCastle, HKDF-SHA256 and AES-256-GCM. BouncyCastle's X25519 key objects keep copies of the scalars,
/// which they do not wipe.
/// </summary>
internal sealed class X25519Construction : IEnvelopeConstruction
{
    private const string LowOrderRecipientMessage =
        "the recipient's Ed25519 key is a low-order point and cannot receive envelopes";

    private X25519Construction()
    {
    }

    public static X25519Construction Instance { get; } = new();

    public EnvelopeConstruction Id => EnvelopeConstruction.X25519HkdfSha256Aes256Gcm;

    public string Name => "x25519-hkdf-sha256-aes-256-gcm";

    public int EncapsulatedKeySize => X25519PublicKeyParameters.KeySize;

    public IContentCipher Cipher => Aes256GcmCipher.Instance;

    /// <summary>The HKDF info string.</summary>
    public static ReadOnlySpan<byte> Info => "dataspace-envelope-v1 x25519-hkdf-sha256-aes-256-gcm"u8;

    public byte[] Encapsulate(PublicKey recipient, Span<byte> contentKey)
    {
        var recipientKey = (Ed25519PublicKey)recipient;
        var recipientX25519 = new byte[Ed25519ToX25519.KeySize];
        if (!Ed25519ToX25519.TryConvertPublicKey(recipientKey.RawKey.Span, recipientX25519))
        {
            throw new EnvelopeException(LowOrderRecipientMessage);
        }

        var ephemeral = new X25519PrivateKeyParameters(new SecureRandom());
        var ephemeralPublic = ephemeral.GeneratePublicKey().GetEncoded();
        DeriveContentKey(ephemeral, recipientX25519, ephemeralPublic, recipientX25519, contentKey, LowOrderRecipientMessage);
        return ephemeralPublic;
    }

    public void Decapsulate(SigningKey recipient, ReadOnlySpan<byte> encapsulatedKey, Span<byte> contentKey)
    {
        var recipientKey = (Ed25519SigningKey)recipient;
        var recipientX25519 = new byte[Ed25519ToX25519.KeySize];
        if (!Ed25519ToX25519.TryConvertPublicKey(recipientKey.PublicKey.RawKey.Span, recipientX25519))
        {
            throw EnvelopeException.DecryptionFailed();
        }

        var seed = recipientKey.Parameters.GetEncoded();
        Span<byte> scalar = stackalloc byte[Ed25519ToX25519.KeySize];
        try
        {
            Ed25519ToX25519.ConvertPrivateKey(seed, scalar);
            var privateKey = new X25519PrivateKeyParameters(scalar);
            DeriveContentKey(privateKey, encapsulatedKey, encapsulatedKey, recipientX25519, contentKey, EnvelopeException.DecryptionFailedMessage);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    private static void DeriveContentKey(
        X25519PrivateKeyParameters privateKey,
        ReadOnlySpan<byte> peerPublic,
        ReadOnlySpan<byte> ephemeralPublic,
        ReadOnlySpan<byte> recipientX25519,
        Span<byte> contentKey,
        string lowOrderMessage)
    {
        var peer = new X25519PublicKeyParameters(peerPublic);
        var agreement = new X25519Agreement();
        agreement.Init(privateKey);
        var sharedSecret = new byte[agreement.AgreementSize];
        try
        {

            // RFC 7748 section 6.1: an all-zero shared secret means a low-order peer key; BouncyCastle rejects it.
            agreement.CalculateAgreement(peer, sharedSecret, 0);
            EnvelopeKdf.DeriveContentKey(sharedSecret, ephemeralPublic, recipientX25519, Info, contentKey);
        }
        catch (InvalidOperationException exception)
        {
            throw new EnvelopeException(lowOrderMessage, exception);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }
}
