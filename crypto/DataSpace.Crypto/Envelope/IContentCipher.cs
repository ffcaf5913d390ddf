namespace DataSpace.Crypto.Envelope;

/// <summary>The authenticated cipher that encrypts an envelope's content under its content key.</summary>
internal interface IContentCipher
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    public int KeySize { get; }

    /// <summary>Returns ciphertext || 16-byte tag.</summary>
    public byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData);

    /// <summary>Returns the plaintext; a wrong key, tag or associated data is an <see cref="EnvelopeException"/>.</summary>
    public byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, ReadOnlySpan<byte> associatedData);
}
