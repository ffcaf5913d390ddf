using System.Security.Cryptography;

namespace DataSpace.Crypto.Envelope;

/// <summary>The key derivation of the Diffie-Hellman constructions: HKDF-SHA256 (RFC 5869).</summary>
internal static class EnvelopeKdf
{
    /// <summary>
    /// content key = HKDF-SHA256(IKM = shared secret, salt = ephemeral public || recipient public, info).
    /// </summary>
    public static void DeriveContentKey(
        ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<byte> ephemeralPublicKey,
        ReadOnlySpan<byte> recipientPublicKey,
        ReadOnlySpan<byte> info,
        Span<byte> contentKey)
    {
        var salt = new byte[ephemeralPublicKey.Length + recipientPublicKey.Length];
        ephemeralPublicKey.CopyTo(salt);
        recipientPublicKey.CopyTo(salt.AsSpan(ephemeralPublicKey.Length));
        HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, contentKey, salt, info);
    }
}
