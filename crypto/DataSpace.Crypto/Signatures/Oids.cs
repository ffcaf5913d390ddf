namespace DataSpace.Crypto.Signatures;

/// <summary>The object identifiers the key encodings use.</summary>
internal static class Oids
{
    /// <summary>id-Ed25519, RFC 8410 section 3.</summary>
    public const string Ed25519 = "1.3.101.112";

    /// <summary>id-ecPublicKey, RFC 5480 section 2.1.1.</summary>
    public const string EcPublicKey = "1.2.840.10045.2.1";

    /// <summary>secp256r1 (P-256), RFC 5480 section 2.1.1.1.</summary>
    public const string P256 = "1.2.840.10045.3.1.7";

    /// <summary>sm2p256v1, GM/T 0006-2012; also seen as the algorithm OID of SM2 keys.</summary>
    public const string Sm2 = "1.2.156.10197.1.301";

    /// <summary>PBES2, RFC 8018 appendix A.4.</summary>
    public const string Pbes2 = "1.2.840.113549.1.5.13";

    /// <summary>PBKDF2, RFC 8018 appendix A.2.</summary>
    public const string Pbkdf2 = "1.2.840.113549.1.5.12";

    public const string HmacWithSha1 = "1.2.840.113549.2.7";
    public const string HmacWithSha256 = "1.2.840.113549.2.9";
    public const string HmacWithSha384 = "1.2.840.113549.2.10";
    public const string HmacWithSha512 = "1.2.840.113549.2.11";

    /// <summary>AES-CBC with a 16-byte IV parameter, RFC 8018 appendix B.2.5 / NIST CSOR.</summary>
    public const string Aes128Cbc = "2.16.840.1.101.3.4.1.2";
    public const string Aes192Cbc = "2.16.840.1.101.3.4.1.22";
    public const string Aes256Cbc = "2.16.840.1.101.3.4.1.42";
}
