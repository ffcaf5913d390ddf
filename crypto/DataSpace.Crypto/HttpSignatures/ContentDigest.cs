using System.Security.Cryptography;
using DataSpace.Crypto.HttpSignatures.StructuredFields;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>The <c>Content-Digest</c> field of RFC 9530 section 2, with <c>sha-256</c> and <c>sha-512</c>.</summary>
public static class ContentDigest
{
    public const string HeaderName = "Content-Digest";

    /// <summary>The field's component name in a signature.</summary>
    public const string ComponentName = "content-digest";

    /// <summary>The field value for <paramref name="content"/>, for example <c>sha-256=:X48E...=:</c>.</summary>
    public static string Compute(ReadOnlySpan<byte> content, ContentDigestAlgorithm algorithm = ContentDigestAlgorithm.Sha256)
    {
        var digest = Hash(algorithm, content);
        return SfSerializer.Dictionary([new(NameOf(algorithm), new SfItem(digest))]);
    }

    /// <summary>
    /// Checks a <c>Content-Digest</c> value against <paramref name="content"/>. Members for algorithms other than
    /// <c>sha-256</c> and <c>sha-512</c> are ignored (RFC 9530 section 2); at least one of those two must be present,
    /// and every one present must match. A malformed field is false with the parse error in
    /// <paramref name="detail"/>.
    /// </summary>
    public static bool Verify(string headerValue, ReadOnlySpan<byte> content, out string detail)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        using var verifier = ContentDigestVerifier.TryCreate(headerValue, out detail);
        if (verifier is null)
        {
            return false;
        }

        verifier.Append(content);
        return verifier.Verify(out detail);
    }

    public static string NameOf(ContentDigestAlgorithm algorithm) => algorithm switch
    {
        ContentDigestAlgorithm.Sha256 => "sha-256",
        ContentDigestAlgorithm.Sha512 => "sha-512",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown content digest algorithm"),
    };

    private static byte[] Hash(ContentDigestAlgorithm algorithm, ReadOnlySpan<byte> content) => algorithm switch
    {
        ContentDigestAlgorithm.Sha256 => SHA256.HashData(content),
        ContentDigestAlgorithm.Sha512 => SHA512.HashData(content),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown content digest algorithm"),
    };
}
