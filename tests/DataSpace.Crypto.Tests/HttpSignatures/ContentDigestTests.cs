using System.Text;
using DataSpace.Crypto.HttpSignatures;

namespace DataSpace.Crypto.Tests.HttpSignatures;

/// <summary>RFC 9530 Content-Digest: the RFC's example values, and what the check refuses.</summary>
public sealed class ContentDigestTests
{
    // RFC 9530 Appendix B.1 and section 2: the body {"hello": "world"} followed by LF.
    private static readonly byte[] Rfc9530Body = Encoding.ASCII.GetBytes("{\"hello\": \"world\"}\n");

    [Theory]
    [InlineData(ContentDigestAlgorithm.Sha256, "sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:")]
    [InlineData(ContentDigestAlgorithm.Sha512, "sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCsyRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:")]
    public void Compute_Rfc9530Body_MatchesRfc(ContentDigestAlgorithm algorithm, string expected)
    {
        Assert.Equal(expected, ContentDigest.Compute(Rfc9530Body, algorithm));
    }

    [Theory]
    [InlineData(ContentDigestAlgorithm.Sha256, "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:")]
    [InlineData(ContentDigestAlgorithm.Sha512, "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:")]
    public void Compute_Rfc9421TestRequestBody_MatchesRfc9421(ContentDigestAlgorithm algorithm, string expected)
    {
        Assert.Equal(expected, ContentDigest.Compute(Rfc9421TestData.RequestBody, algorithm));
    }

    [Fact]
    public void Compute_EmptyContent_IsDigestOfNothing()
    {
        // SHA-256 of the empty string (FIPS 180-4 example e3b0c442...).
        Assert.Equal("sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:", ContentDigest.Compute([]));
    }

    [Theory]
    [InlineData("sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:")]
    [InlineData("sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCsyRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:")]
    [InlineData("sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:, sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCsyRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:")]
    [InlineData("md5=:AAAA:, sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:")]
    public void Verify_MatchingValue_IsTrue(string header)
    {
        Assert.True(ContentDigest.Verify(header, Rfc9530Body, out var detail), detail);
    }

    [Theory]
    [InlineData("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", "sha-256 digest does not match")]
    [InlineData("sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:, sha-512=:AAAA:", "sha-512 digest does not match")]
    [InlineData("md5=:AAAA:", "no sha-256 or sha-512 member")]
    [InlineData("", "no sha-256 or sha-512 member")]
    [InlineData("sha-256=\"RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=\"", "not a byte sequence")]
    [InlineData("sha-256=RK/0qy18", "not a byte sequence")]
    [InlineData("SHA-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:", "a key must start with a lowercase letter")]
    [InlineData("sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg:", "not padded")]
    public void Verify_WrongOrMalformedValue_IsFalseWithReason(string header, string expected)
    {
        Assert.False(ContentDigest.Verify(header, Rfc9530Body, out var detail));
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OneByteChanged_IsFalse()
    {
        var header = ContentDigest.Compute(Rfc9530Body);
        var changed = (byte[])Rfc9530Body.Clone();
        changed[^2] ^= 1;

        Assert.False(ContentDigest.Verify(header, changed, out _));
    }
}
