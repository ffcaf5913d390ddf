using DataSpace.Crypto.Digests;

namespace DataSpace.Crypto.Signatures;

/// <summary>Pure Ed25519 (RFC 8032 section 5.1): 32-byte keys, 64-byte signatures over the whole message.</summary>
internal sealed class Ed25519Suite : ISignatureSuite
{
    private Ed25519Suite()
    {
    }

    public static Ed25519Suite Instance { get; } = new();

    public string Name => "ed25519";

    public DigestAlgorithm Digest => DigestAlgorithm.Sha256;

    public SigningKey GenerateKey() => Ed25519SigningKey.Generate();

    public override string ToString() => Name;
}
