using System.Security.Cryptography;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>What to sign and the signature parameters to state (RFC 9421 section 2.3).</summary>
public sealed record SignatureParameters
{
    /// <summary>The signature's label in <c>Signature-Input</c> and <c>Signature</c>: a structured field key.</summary>
    public string Label { get; init; } = "sig1";

    /// <summary>
    /// The components to cover, in order: derived components (<c>@method</c>, <c>@target-uri</c>, ...) and lowercase
    /// header field names. Each must be present in the message.
    /// </summary>
    public required IReadOnlyList<string> CoveredComponents { get; init; }

    /// <summary>The <c>created</c> parameter; written in whole seconds.</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>The optional <c>expires</c> parameter; must be after <see cref="Created"/>.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>The <c>nonce</c> parameter; <see cref="NewNonce"/> makes a fresh one.</summary>
    public string? Nonce { get; init; }

    /// <summary>
    /// The <c>keyid</c> parameter. Null means the signing key's <c>PublicKey.KeyId</c>; anything else must equal it.
    /// </summary>
    public string? KeyId { get; init; }

    /// <summary>The optional application <c>tag</c> parameter.</summary>
    public string? Tag { get; init; }

    /// <summary>
    /// When true (the default), signing a message with content fails unless <c>content-digest</c> is covered and
    /// its value matches the content.
    /// </summary>
    public bool RequireContentDigest { get; init; } = true;

    /// <summary>16 random bytes as unpadded base64url (22 characters).</summary>
    public static string NewNonce()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
