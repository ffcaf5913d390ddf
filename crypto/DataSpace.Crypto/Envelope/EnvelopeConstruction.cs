namespace DataSpace.Crypto.Envelope;

/// <summary>
/// How an envelope's content key reaches its recipient and how the content is encrypted; the value is the
/// construction byte of the wire format. The recipient key's suite fixes the construction.
/// </summary>
public enum EnvelopeConstruction
{
    /// <summary><c>sm2-sm4-gcm</c>: SM2 public-key encryption (C1C3C2) of an SM4 key, SM4-GCM content.</summary>
    Sm2Sm4Gcm = 1,

    /// <summary><c>x25519-hkdf-sha256-aes-256-gcm</c>: for Ed25519 recipients, converted to X25519.</summary>
    X25519HkdfSha256Aes256Gcm = 2,

    /// <summary><c>p256-hkdf-sha256-aes-256-gcm</c>: ephemeral-static ECDH over P-256.</summary>
    P256HkdfSha256Aes256Gcm = 3,
}
