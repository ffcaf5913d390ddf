namespace DataSpace.Crypto.HttpSignatures;

/// <summary>The active algorithms of the Hash Algorithms for HTTP Digest Fields registry (RFC 9530 section 5).</summary>
public enum ContentDigestAlgorithm
{
    /// <summary><c>sha-256</c>.</summary>
    Sha256,

    /// <summary><c>sha-512</c>.</summary>
    Sha512,
}
