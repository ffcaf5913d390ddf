using System.Security.Cryptography;
using DataSpace.Crypto.Signatures;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace DataSpace.Crypto.Envelope;

/// <summary>
/// For SM2 recipients: a random 16-byte SM4 key encrypted with SM2 public-key encryption (GB/T 32918.4-2016
/// with SM3) in the C1||C3||C2 order of GB/T 32918.4-2016 section 6.1 and GM/T 0009-2012, content in SM4-GCM.
/// </summary>
internal sealed class Sm2Sm4GcmConstruction : IEnvelopeConstruction
{
    /// <summary>C1 (uncompressed point, 65) || C3 (SM3 hash, 32) || C2 (the 16-byte key XOR the KDF stream).</summary>
    public const int CiphertextSize = Sm2Curve.PointSize + 32 + 16;

    private Sm2Sm4GcmConstruction()
    {
    }

    public static Sm2Sm4GcmConstruction Instance { get; } = new();

    public EnvelopeConstruction Id => EnvelopeConstruction.Sm2Sm4Gcm;

    public string Name => "sm2-sm4-gcm";

    public int EncapsulatedKeySize => CiphertextSize;

    public IContentCipher Cipher => Sm4GcmCipher.Instance;

    public byte[] Encapsulate(PublicKey recipient, Span<byte> contentKey)
    {
        var recipientKey = (Sm2PublicKey)recipient;
        var key = new byte[Sm4GcmCipher.Instance.KeySize];
        try
        {
            RandomNumberGenerator.Fill(key);
            var engine = CreateEngine();
            engine.Init(true, new ParametersWithRandom(recipientKey.Parameters, new SecureRandom()));
            var encrypted = engine.ProcessBlock(key, 0, key.Length);
            key.CopyTo(contentKey);
            return encrypted;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public void Decapsulate(SigningKey recipient, ReadOnlySpan<byte> encapsulatedKey, Span<byte> contentKey)
    {
        var recipientKey = (Sm2SigningKey)recipient;
        var engine = CreateEngine();
        engine.Init(false, recipientKey.Parameters);
        byte[] key;
        try
        {
            key = engine.ProcessBlock(encapsulatedKey.ToArray(), 0, encapsulatedKey.Length);
        }
        catch (Exception exception) when (exception is InvalidCipherTextException or ArgumentException or FormatException or InvalidOperationException)
        {
            // GB/T 32918.4-2016 section 7.1: C1 malformed or not on the curve, or C3 != SM3(x2 || M' || y2).
            throw EnvelopeException.DecryptionFailed(exception);
        }

        try
        {
            if (key.Length != contentKey.Length)
            {
                throw EnvelopeException.DecryptionFailed();
            }

            key.CopyTo(contentKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static SM2Engine CreateEngine() => new(new SM3Digest(), SM2Engine.Mode.C1C3C2);
}
