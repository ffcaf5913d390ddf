namespace DataSpace.Crypto.Digests;

/// <summary>The digests a deployment may use: SHA-256 (FIPS 180-4) and SM3 (GB/T 32905-2016).</summary>
public enum DigestAlgorithm
{
    Sha256,
    Sm3,
}
