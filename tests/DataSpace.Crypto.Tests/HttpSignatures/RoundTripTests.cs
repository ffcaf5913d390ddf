using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.HttpSignatures;

public sealed class RoundTripTests
{
    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void SignThenVerify_EachSuite_IsValid(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        var request = SignedRequests.Sign(SignedRequests.Unsigned(), key, SignedRequests.Parameters());

        var result = HttpMessageVerifier.Verify(request, SignedRequests.Resolver(key.PublicKey), SignedRequests.Policy());

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(key.PublicKey.KeyId, result.KeyId);
        Assert.Equal("sig1", result.Label);
        Assert.Equal(SignedRequests.Now, result.Created);
        Assert.Equal("nonce-1", result.Nonce);
        Assert.Equal(SignedRequests.ProfileComponents, result.CoveredComponents);
    }

    [Theory]
    [InlineData("ed25519", "ed25519", false)]
    [InlineData("p256", "ecdsa-p256-sha256", true)]
    [InlineData("sm2", "sm2-sm3", true)]
    public void Sign_EachSuite_StatesAlgAndKeyId(string suite, string alg, bool randomised)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();

        var headers = HttpMessageSigner.Sign(SignedRequests.Unsigned(), key, SignedRequests.Parameters());

        Assert.Equal(
            $"sig1=(\"@method\" \"@target-uri\" \"content-digest\" \"content-type\");created={SignedRequests.Now.ToUnixTimeSeconds()};nonce=\"nonce-1\";alg=\"{alg}\";keyid=\"{key.PublicKey.KeyId}\"",
            headers.SignatureInput);
        var again = HttpMessageSigner.Sign(SignedRequests.Unsigned(), key, SignedRequests.Parameters());
        Assert.Equal(!randomised, headers.Signature == again.Signature);
    }

    [Theory]
    [InlineData("ed25519", 64)]
    [InlineData("p256", 64)]
    public void Sign_FixedSizeSuites_WritesRawSignature(string suite, int length)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();

        var headers = HttpMessageSigner.Sign(SignedRequests.Unsigned(), key, SignedRequests.Parameters());

        Assert.Equal(length, SignatureBytes(headers.Signature).Length);
    }

    [Fact]
    public void Sign_Sm2_WritesDerSequence()
    {
        using var key = SignatureSuites.Sm2.GenerateKey();

        var signature = SignatureBytes(HttpMessageSigner.Sign(SignedRequests.Unsigned(), key, SignedRequests.Parameters()).Signature);

        Assert.Equal(0x30, signature[0]);
        Assert.Equal(signature.Length - 2, signature[1]);
    }

    [Fact]
    public void SignThenVerify_ExpiresTagAndLabel_AreReported()
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();
        var parameters = SignedRequests.Parameters() with { Label = "dsc", Expires = SignedRequests.Now.AddMinutes(1), Tag = "dataspace" };
        var request = SignedRequests.Sign(SignedRequests.Unsigned(), key, parameters);

        var result = HttpMessageVerifier.Verify(request, SignedRequests.Resolver(key.PublicKey), SignedRequests.Policy() with { Label = "dsc", RequiredTag = "dataspace" });

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal("dsc", result.Label);
        Assert.Equal(SignedRequests.Now.AddMinutes(1), result.Expires);
        Assert.Equal("dataspace", result.Tag);
    }

    [Fact]
    public void Verify_SecondSignatureAddedByAnotherParty_VerifiesTheNamedOne()
    {
        using var client = SignatureSuites.Ed25519.GenerateKey();
        using var proxy = SignatureSuites.P256.GenerateKey();
        var request = SignedRequests.Sign(SignedRequests.Unsigned(), client, SignedRequests.Parameters());
        SignedRequests.Sign(request, proxy, SignedRequests.Parameters(nonce: "proxy") with { Label = "proxy" });

        var result = HttpMessageVerifier.Verify(request, SignedRequests.Resolver(client.PublicKey, proxy.PublicKey), SignedRequests.Policy() with { Label = "proxy" });

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(proxy.PublicKey.KeyId, result.KeyId);
    }

    [Fact]
    public void Sign_KeyIdOfAnotherKey_Throws()
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();

        Assert.Throws<ArgumentException>(() => HttpMessageSigner.Sign(SignedRequests.Unsigned(), key, SignedRequests.Parameters() with { KeyId = "someone-else" }));
    }

    [Fact]
    public void Sign_ContentWithoutCoveredDigest_Throws()
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();

        var error = Assert.Throws<HttpSignatureException>(() => HttpMessageSigner.Sign(
            SignedRequests.Unsigned(), key, SignedRequests.Parameters() with { CoveredComponents = ["@method", "@target-uri"] }));

        Assert.Contains("content-digest is not covered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_ContentDigestOfOtherContent_Throws()
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();
        var request = SignedRequests.Unsigned().SetContent(new byte[] { 1, 2, 3 });

        var error = Assert.Throws<HttpSignatureException>(() => HttpMessageSigner.Sign(request, key, SignedRequests.Parameters()));

        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x-absent", "covered component 'x-absent' is not in the message")]
    [InlineData("@status", "covered component '@status' is not in the message")]
    [InlineData("Content-Type", "not a lowercase HTTP field name")]
    [InlineData("@query-param", "derived component '@query-param' is not supported")]
    [InlineData("@signature-params", "derived component '@signature-params' is not supported")]
    public void Sign_BadCoveredComponent_Throws(string component, string expected)
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();
        var parameters = SignedRequests.Parameters() with { CoveredComponents = [.. SignedRequests.ProfileComponents, component] };

        var error = Assert.Throws<HttpSignatureException>(() => HttpMessageSigner.Sign(SignedRequests.Unsigned(), key, parameters));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sig1")]
    [InlineData("1sig")]
    [InlineData("")]
    public void Sign_BadLabel_Throws(string label)
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();

        Assert.Throws<HttpSignatureException>(() => HttpMessageSigner.Sign(SignedRequests.Unsigned(), key, SignedRequests.Parameters() with { Label = label }));
    }

    [Fact]
    public void NewNonce_TwoCalls_AreDistinctBase64Url()
    {
        var first = SignatureParameters.NewNonce();

        Assert.Matches("^[A-Za-z0-9_-]{22}$", first);
        Assert.NotEqual(first, SignatureParameters.NewNonce());
    }

    private static byte[] SignatureBytes(string field) => Convert.FromBase64String(field["sig1=:".Length..^1]);
}
