using DataSpace.Crypto.Digests;

namespace DataSpace.Crypto.Signatures;

/// <summary>ECDSA over P-256 with SHA-256 (FIPS 186-5 section 6), DER signatures (RFC 3279 section 2.2.3).</summary>
internal sealed class P256Suite : ISignatureSuite
{
    private P256Suite()
    {
    }

    public static P256Suite Instance { get; } = new();

    public string Name => "p256";

    public DigestAlgorithm Digest => DigestAlgorithm.Sha256;

    public SigningKey GenerateKey() => P256SigningKey.Generate();

    public override string ToString() => Name;
}
