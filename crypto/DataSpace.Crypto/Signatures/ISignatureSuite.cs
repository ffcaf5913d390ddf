using DataSpace.Crypto.Digests;

namespace DataSpace.Crypto.Signatures;

/// <summary>A signature algorithm with its key type: <c>ed25519</c>, <c>sm2</c> or <c>p256</c>.</summary>
public interface ISignatureSuite
{
    /// <summary>The suite's name as written in configuration and on the command line.</summary>
    public string Name { get; }

    /// <summary>The digest that goes with the suite (for example for the log's Merkle hashing).</summary>
    public DigestAlgorithm Digest { get; }

    /// <summary>Generates a fresh key pair from the operating system's random number generator.</summary>
    public SigningKey GenerateKey();
}
