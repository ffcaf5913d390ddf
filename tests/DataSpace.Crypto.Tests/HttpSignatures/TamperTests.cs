using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Tests.HttpSignatures;

/// <summary>Changing any covered component after signing makes the signature fail, for every suite.</summary>
public sealed class TamperTests
{
    private static readonly string[] AllComponents =
        ["@method", "@target-uri", "@authority", "@scheme", "@request-target", "@path", "@query", "content-digest", "content-type", "x-agreement"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var suite in new[] { "ed25519", "p256", "sm2" })
        {
            foreach (var component in AllComponents)
            {
                data.Add(suite, component);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_CoveredComponentChanged_IsSignatureInvalid(string suite, string component)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        var headers = HttpMessageSigner.Sign(Original(), key, Parameters());
        var untouched = Original().AddHeader("Signature-Input", headers.SignatureInput).AddHeader("Signature", headers.Signature);
        var tampered = Tampered(component).AddHeader("Signature-Input", headers.SignatureInput).AddHeader("Signature", headers.Signature);
        var policy = new VerificationPolicy { Now = SignedRequests.Now, RequireContentDigest = false };

        var before = HttpMessageVerifier.Verify(untouched, SignedRequests.Resolver(key.PublicKey), policy);
        var after = HttpMessageVerifier.Verify(tampered, SignedRequests.Resolver(key.PublicKey), policy);

        Assert.True(before.IsValid, before.Detail);
        Assert.Equal(HttpSignatureFailure.SignatureInvalid, after.Failure);
    }

    [Theory]
    [InlineData("created=1795", "created=1794")]
    [InlineData("nonce=\"nonce-1\"", "nonce=\"nonce-2\"")]
    [InlineData("(\"@method\" \"@target-uri\"", "(\"@target-uri\" \"@method\"")]
    public void Verify_SignatureParamsChanged_IsSignatureInvalid(string from, string to)
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();
        var headers = HttpMessageSigner.Sign(Original(), key, Parameters());
        var input = headers.SignatureInput.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(headers.SignatureInput, input);
        var request = Original().AddHeader("Signature-Input", input).AddHeader("Signature", headers.Signature);
        var policy = new VerificationPolicy { Now = SignedRequests.Now, RequireContentDigest = false, MaxAge = TimeSpan.FromDays(365 * 100) };

        var result = HttpMessageVerifier.Verify(request, SignedRequests.Resolver(key.PublicKey), policy);

        Assert.Equal(HttpSignatureFailure.SignatureInvalid, result.Failure);
    }

    private static SignatureParameters Parameters() => new()
    {
        CoveredComponents = AllComponents,
        Created = SignedRequests.Now,
        Nonce = "nonce-1",
        RequireContentDigest = false,
    };

    private static HttpMessageComponents Original() => Build("POST", "https", "supplier.example", "/jobs/7", "approve=1", "sha-256=:AAAA:", "application/json", "urn:agreement:1");

    private static HttpMessageComponents Tampered(string component) => component switch
    {
        "@method" => Build("PUT", "https", "supplier.example", "/jobs/7", "approve=1", "sha-256=:AAAA:", "application/json", "urn:agreement:1"),
        "@target-uri" or "@scheme" => Build("POST", "http", "supplier.example", "/jobs/7", "approve=1", "sha-256=:AAAA:", "application/json", "urn:agreement:1"),
        "@authority" => Build("POST", "https", "evil.example", "/jobs/7", "approve=1", "sha-256=:AAAA:", "application/json", "urn:agreement:1"),
        "@request-target" or "@path" => Build("POST", "https", "supplier.example", "/jobs/8", "approve=1", "sha-256=:AAAA:", "application/json", "urn:agreement:1"),
        "@query" => Build("POST", "https", "supplier.example", "/jobs/7", "approve=0", "sha-256=:AAAA:", "application/json", "urn:agreement:1"),
        "content-digest" => Build("POST", "https", "supplier.example", "/jobs/7", "approve=1", "sha-256=:AAAB:", "application/json", "urn:agreement:1"),
        "content-type" => Build("POST", "https", "supplier.example", "/jobs/7", "approve=1", "sha-256=:AAAA:", "text/plain", "urn:agreement:1"),
        "x-agreement" => Build("POST", "https", "supplier.example", "/jobs/7", "approve=1", "sha-256=:AAAA:", "application/json", "urn:agreement:2"),
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, "no tampering defined"),
    };

    private static HttpMessageComponents Build(
        string method, string scheme, string authority, string path, string query, string digest, string contentType, string agreement) =>
        HttpMessageComponents.ForRequest(method, scheme, authority, path, query)
            .AddHeader("Content-Digest", digest)
            .AddHeader("Content-Type", contentType)
            .AddHeader("X-Agreement", agreement);
}
