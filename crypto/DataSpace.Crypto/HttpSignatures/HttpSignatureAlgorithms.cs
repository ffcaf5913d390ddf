using System.Diagnostics.CodeAnalysis;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>
/// The <c>alg</c> names (RFC 9421 section 6.2) of our signature suites and the signature bytes each puts in the
/// <c>Signature</c> field.
/// </summary>
public static class HttpSignatureAlgorithms
{
    /// <summary>EdDSA with Ed25519 (RFC 9421 section 3.3.6): the 64-byte R || S.</summary>
    public const string Ed25519 = "ed25519";

    /// <summary>ECDSA P-256 with SHA-256 (RFC 9421 section 3.3.4): the 64-byte r || s, not DER.</summary>
    public const string EcdsaP256Sha256 = "ecdsa-p256-sha256";

    /// <summary>
    /// SM2 with SM3 and the default signer id (GB/T 32918.2-2016). Not in the IANA registry; our own name. The
    /// signature is the DER <c>SEQUENCE { r, s }</c> our SM2 suite produces (GM/T 0009-2012 section 7.3).
    /// </summary>
    public const string Sm2Sm3 = "sm2-sm3";

    /// <summary>The <c>alg</c> name for a suite.</summary>
    public static string NameOf(ISignatureSuite suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        return suite.Name switch
        {
            "ed25519" => Ed25519,
            "p256" => EcdsaP256Sha256,
            "sm2" => Sm2Sm3,
            _ => throw new ArgumentException($"signature suite '{suite.Name}' has no HTTP signature algorithm", nameof(suite)),
        };
    }

    /// <summary>The suite for an <c>alg</c> name; false for any other name (including RFC algorithms we do not use).</summary>
    public static bool TryGetSuite(string? alg, [NotNullWhen(true)] out ISignatureSuite? suite)
    {
        suite = alg switch
        {
            Ed25519 => SignatureSuites.Ed25519,
            EcdsaP256Sha256 => SignatureSuites.P256,
            Sm2Sm3 => SignatureSuites.Sm2,
            _ => null,
        };
        return suite is not null;
    }

    /// <summary>Signs the signature base and encodes the result as the algorithm wants it.</summary>
    internal static byte[] Sign(SigningKey key, ReadOnlySpan<byte> signatureBase)
    {
        var signature = key.Sign(signatureBase);
        return key.Suite.Name == "p256" ? EcdsaSignatureEncoding.DerToFixed(signature) : signature;
    }

    /// <summary>Checks a signature from the <c>Signature</c> field; any malformed value is simply false.</summary>
    internal static bool Verify(PublicKey key, ReadOnlySpan<byte> signatureBase, ReadOnlySpan<byte> signature)
    {
        if (key.Suite.Name == "p256")
        {
            return EcdsaSignatureEncoding.TryFixedToDer(signature, out var der) && key.Verify(signatureBase, der);
        }

        return key.Verify(signatureBase, signature);
    }
}
