using System.Security.Cryptography;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Envelope;

/// <summary>
/// For P-256 recipients: ephemeral-static ECDH over P-256 (NIST SP 800-56A, .NET's ECDiffieHellman), the
/// x-coordinate as the shared secret, HKDF-SHA256 and AES-256-GCM.
/// </summary>
internal sealed class P256Construction : IEnvelopeConstruction
{
    private const int CoordinateSize = 32;

    private P256Construction()
    {
    }

    public static P256Construction Instance { get; } = new();

    public EnvelopeConstruction Id => EnvelopeConstruction.P256HkdfSha256Aes256Gcm;

    public string Name => "p256-hkdf-sha256-aes-256-gcm";

    public int EncapsulatedKeySize => P256PublicKey.PointSize;

    public IContentCipher Cipher => Aes256GcmCipher.Instance;

    /// <summary>The HKDF info string.</summary>
    public static ReadOnlySpan<byte> Info => "dataspace-envelope-v1 p256-hkdf-sha256-aes-256-gcm"u8;

    public byte[] Encapsulate(PublicKey recipient, Span<byte> contentKey)
    {
        var recipientKey = (P256PublicKey)recipient;
        using var recipientDh = ECDiffieHellman.Create(recipientKey.Parameters);
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var ephemeralPublic = P256PublicKey.EncodePoint(ephemeral.ExportParameters(includePrivateParameters: false).Q);
        var sharedSecret = ephemeral.DeriveRawSecretAgreement(recipientDh.PublicKey);
        try
        {
            EnvelopeKdf.DeriveContentKey(sharedSecret, ephemeralPublic, recipientKey.RawKey.Span, Info, contentKey);
            return ephemeralPublic;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }

    public void Decapsulate(SigningKey recipient, ReadOnlySpan<byte> encapsulatedKey, Span<byte> contentKey)
    {
        var recipientKey = (P256SigningKey)recipient;
        using var ephemeral = ImportEphemeral(encapsulatedKey);
        var parameters = recipientKey.ExportParameters();
        try
        {
            using var recipientDh = ECDiffieHellman.Create(parameters);
            var sharedSecret = recipientDh.DeriveRawSecretAgreement(ephemeral.PublicKey);
            try
            {
                EnvelopeKdf.DeriveContentKey(sharedSecret, encapsulatedKey, recipientKey.PublicKey.RawKey.Span, Info, contentKey);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(sharedSecret);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <summary>Imports the uncompressed point 0x04||X||Y (SEC 1 section 2.3.3); OpenSSL checks it is on the curve.</summary>
    private static ECDiffieHellman ImportEphemeral(ReadOnlySpan<byte> point)
    {
        if (point.Length != P256PublicKey.PointSize || point[0] != 0x04)
        {
            throw new EnvelopeException("decryption failed: the ephemeral key is not an uncompressed P-256 point");
        }

        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint
            {
                X = point.Slice(1, CoordinateSize).ToArray(),
                Y = point.Slice(1 + CoordinateSize, CoordinateSize).ToArray(),
            },
        };
        try
        {
            return ECDiffieHellman.Create(parameters);
        }
        catch (CryptographicException exception)
        {
            throw new EnvelopeException("decryption failed: the ephemeral key is not a point on P-256", exception);
        }
    }
}
