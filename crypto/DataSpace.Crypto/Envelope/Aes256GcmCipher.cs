using System.Security.Cryptography;

namespace DataSpace.Crypto.Envelope;

/// <summary>AES-256-GCM (NIST SP 800-38D) with a 12-byte nonce and a 16-byte tag, through .NET's AesGcm.</summary>
internal sealed class Aes256GcmCipher : IContentCipher
{
    private Aes256GcmCipher()
    {
    }

    public static Aes256GcmCipher Instance { get; } = new();

    public int KeySize => 32;

    public byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[plaintext.Length + IContentCipher.TagSize];
        using var aes = new AesGcm(key, IContentCipher.TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), associatedData);
        return output;
    }

    public byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, ReadOnlySpan<byte> associatedData)
    {
        var length = ciphertextAndTag.Length - IContentCipher.TagSize;
        var plaintext = new byte[length];
        using var aes = new AesGcm(key, IContentCipher.TagSize);
        try
        {
            aes.Decrypt(nonce, ciphertextAndTag[..length], ciphertextAndTag[length..], plaintext, associatedData);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException exception)
        {
            // AesGcm has already cleared the plaintext buffer.
            throw EnvelopeException.DecryptionFailed(exception);
        }
    }
}
