using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Envelope;

/// <summary>
/// One envelope construction: how a fresh content key is encapsulated to the recipient's public key and
/// recovered with the private key, and the cipher that encrypts the content under it.
/// </summary>
internal interface IEnvelopeConstruction
{
    public EnvelopeConstruction Id { get; }

    /// <summary>The construction's name as documented in docs/crypto.md.</summary>
    public string Name { get; }

    /// <summary>The exact length of the encapsulated key field in the wire format.</summary>
    public int EncapsulatedKeySize { get; }

    public IContentCipher Cipher { get; }

    /// <summary>
    /// Makes a fresh content key, writes it to <paramref name="contentKey"/> (of <see cref="IContentCipher.KeySize"/>
    /// bytes) and returns what the recipient needs to recover it.
    /// </summary>
    public byte[] Encapsulate(PublicKey recipient, Span<byte> contentKey);

    /// <summary>Recovers the content key; failures are <see cref="EnvelopeException"/>s.</summary>
    public void Decapsulate(SigningKey recipient, ReadOnlySpan<byte> encapsulatedKey, Span<byte> contentKey);
}
