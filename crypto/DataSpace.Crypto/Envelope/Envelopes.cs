using System.Security.Cryptography;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Envelope;

/// <summary>
/// Envelope encryption of a job's result to the data user's public key: a fresh content key reaches the
/// recipient by SM2 encryption (sm2 keys) or ephemeral Diffie-Hellman (ed25519 keys as X25519, p256 keys),
/// and the content is encrypted with an AEAD whose associated data binds the recipient key id and the job id.
/// docs/crypto.md, "Envelope encryption", gives the constructions and the wire format.
/// </summary>
public static class Envelopes
{
    /// <summary>Encrypts <paramref name="plaintext"/> to <paramref name="recipient"/> for the job <paramref name="jobId"/>.</summary>
    public static SealedEnvelope Seal(PublicKey recipient, string jobId, ReadOnlySpan<byte> plaintext)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        EnvelopeFormat.EncodeJobId(jobId);
        var construction = EnvelopeConstructions.ForSuite(recipient.Suite);
        var contentKey = new byte[construction.Cipher.KeySize];
        try
        {
            var encapsulatedKey = construction.Encapsulate(recipient, contentKey);
            var nonce = RandomNumberGenerator.GetBytes(IContentCipher.NonceSize);
            var header = new SealedEnvelope(construction.Id, recipient.KeyId, jobId, encapsulatedKey, nonce, []);
            var ciphertext = construction.Cipher.Seal(contentKey, nonce, plaintext, header.Header());
            return new SealedEnvelope(construction.Id, recipient.KeyId, jobId, encapsulatedKey, nonce, ciphertext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contentKey);
        }
    }

    /// <summary>
    /// Decrypts an envelope with the recipient's private key, for the job the caller expects. A different key,
    /// a different job, or any change to the envelope is an <see cref="EnvelopeException"/>.
    /// </summary>
    public static byte[] Open(SigningKey recipient, string jobId, SealedEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentNullException.ThrowIfNull(envelope);

        var keyId = recipient.PublicKey.KeyId;
        if (!string.Equals(envelope.RecipientKeyId, keyId, StringComparison.Ordinal))
        {
            throw new EnvelopeException($"the envelope is for key {envelope.RecipientKeyId}, not {keyId}");
        }

        if (!string.Equals(envelope.JobId, jobId, StringComparison.Ordinal))
        {
            throw new EnvelopeException($"the envelope is for job {envelope.JobId}, not {jobId}");
        }

        var construction = EnvelopeConstructions.Get(envelope.Construction);
        var expected = EnvelopeConstructions.ForSuite(recipient.Suite);
        if (construction != expected)
        {
            throw new EnvelopeException(
                $"the envelope uses construction {construction.Name}, but {recipient.Suite.Name} keys use {expected.Name}");
        }

        var contentKey = new byte[construction.Cipher.KeySize];
        try
        {
            construction.Decapsulate(recipient, envelope.EncapsulatedKey.Span, contentKey);
            return construction.Cipher.Open(contentKey, envelope.Nonce.Span, envelope.Ciphertext.Span, envelope.Header());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contentKey);
        }
    }
}
