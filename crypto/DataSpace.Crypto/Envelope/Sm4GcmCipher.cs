using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace DataSpace.Crypto.Envelope;

/// <summary>
/// SM4 (GB/T 32907-2016) in GCM mode (NIST SP 800-38D, as RFC 8998 section 3.1 uses it) with a 12-byte nonce
/// and a 16-byte tag, through BouncyCastle. BouncyCastle keeps its own key schedule, which it does not wipe.
/// </summary>
internal sealed class Sm4GcmCipher : IContentCipher
{
    private Sm4GcmCipher()
    {
    }

    public static Sm4GcmCipher Instance { get; } = new();

    public int KeySize => 16;

    public byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var gcm = Create(forEncryption: true, key, nonce, associatedData);
        var output = new byte[gcm.GetOutputSize(plaintext.Length)];
        var written = gcm.ProcessBytes(plaintext, output);
        gcm.DoFinal(output.AsSpan(written));
        return output;
    }

    public byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, ReadOnlySpan<byte> associatedData)
    {
        var gcm = Create(forEncryption: false, key, nonce, associatedData);
        var plaintext = new byte[gcm.GetOutputSize(ciphertextAndTag.Length)];
        try
        {
            var written = gcm.ProcessBytes(ciphertextAndTag, plaintext);
            gcm.DoFinal(plaintext.AsSpan(written));
            return plaintext;
        }
        catch (InvalidCipherTextException exception)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw EnvelopeException.DecryptionFailed(exception);
        }
    }

    private static GcmBlockCipher Create(bool forEncryption, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData)
    {
        var gcm = new GcmBlockCipher(new SM4Engine());
        gcm.Init(forEncryption, new AeadParameters(new KeyParameter(key), IContentCipher.TagSize * 8, nonce.ToArray(), associatedData.ToArray()));
        return gcm;
    }
}
