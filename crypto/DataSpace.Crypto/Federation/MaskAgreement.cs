namespace DataSpace.Crypto.Federation;

/// <summary>
/// The key agreement a federation uses to derive the pairwise mask seeds of secure aggregation (Bonawitz et al.,
/// "Practical Secure Aggregation for Privacy-Preserving Machine Learning", CCS 2017, section 4), chosen to match the
/// deployment's signature suite so that a federation of SM2 connectors never leaves the national algorithms.
/// </summary>
public enum MaskAgreement
{
    /// <summary><c>x25519</c>: X25519 (RFC 7748 section 5), for Ed25519 deployments.</summary>
    X25519,

    /// <summary><c>p256</c>: ECDH on NIST P-256 (SEC 1 section 3.3.1), the x-coordinate as the shared secret.</summary>
    P256,

    /// <summary>
    /// <c>sm2</c>: the SM2 key exchange (GB/T 32918.3-2016 section 6) through BouncyCastle's SM2KeyExchange. The
    /// participant whose id sorts first (ordinal) is the initiator, the user ids are the participant ids in UTF-8,
    /// and one derived key pair serves as both the static and the ephemeral key, so no message beyond the public
    /// keys is needed.
    /// </summary>
    Sm2,
}
