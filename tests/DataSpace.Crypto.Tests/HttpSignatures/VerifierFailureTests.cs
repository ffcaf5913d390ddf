using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.Signatures;
using Microsoft.Extensions.Time.Testing;

namespace DataSpace.Crypto.Tests.HttpSignatures;

/// <summary>Every refusal of <see cref="HttpMessageVerifier"/>, each with the reason and a detail naming the cause.</summary>
public sealed class VerifierFailureTests : IDisposable
{
    private readonly SigningKey _key = SignatureSuites.Ed25519.GenerateKey();

    [Fact]
    public void Verify_NoSignatureFields_IsMissingHeader()
    {
        var result = Verify(SignedRequests.Unsigned());

        Assert.Equal(HttpSignatureFailure.MissingHeader, result.Failure);
        Assert.Contains("Signature-Input", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Signature")]
    [InlineData("Signature-Input")]
    public void Verify_OneFieldRemoved_IsMissingHeader(string field)
    {
        var request = Signed();
        request.RemoveHeader(field);

        var result = Verify(request);

        Assert.Equal(HttpSignatureFailure.MissingHeader, result.Failure);
        Assert.Contains($"the {field} header", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sig1=(\"@method\"", "inner list is not closed")]
    [InlineData("sig1=(\"@method\" \"@method\");created=1;keyid=\"k\"", "listed twice")]
    [InlineData("sig1=(\"@method\";bs);created=1;keyid=\"k\"", "has parameters (bs)")]
    [InlineData("sig1=(\"Content-Type\");created=1;keyid=\"k\"", "not a lowercase HTTP field name")]
    [InlineData("sig1=(@method);created=1;keyid=\"k\"", "where a value should start")]
    [InlineData("sig1=(\"@method\");created=\"1\";keyid=\"k\"", "'created' must be a non-negative integer")]
    [InlineData("sig1=(\"@method\");created=-5;keyid=\"k\"", "'created' must be a non-negative integer")]
    [InlineData("sig1=(\"@method\");created=1;keyid=k", "'keyid' must be a string")]
    [InlineData("sig1=(\"@method\");created=1;keyid=\"k\";context=\"x\"", "parameter 'context' is not one of")]
    [InlineData("sig1=(\"@method\");created=5;expires=5;keyid=\"k\"", "expires (5) is not after created (5)")]
    [InlineData("sig1=\"@method\"", "not an inner list")]
    [InlineData("sig1=(\"@method\");created=1, sig1=(\"@path\");created=1", "dictionary key 'sig1' appears twice")]
    public void Verify_MalformedSignatureInput_IsMalformedField(string input, string expected)
    {
        var request = Signed();
        request.RemoveHeader("Signature-Input");
        request.AddHeader("Signature-Input", input);

        var result = Verify(request);

        Assert.Equal(HttpSignatureFailure.MalformedField, result.Failure);
        Assert.Contains(expected, result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sig1=:not base64!:", "not base64")]
    [InlineData("sig1=:AAA:", "not padded")]
    [InlineData("sig1=\"AAAA\"", "not a byte sequence")]
    [InlineData("sig1=:AAAA:,", "trailing ','")]
    public void Verify_MalformedSignature_IsMalformedField(string signature, string expected)
    {
        var request = Signed();
        request.RemoveHeader("Signature");
        request.AddHeader("Signature", signature);

        var result = Verify(request);

        Assert.Equal(HttpSignatureFailure.MalformedField, result.Failure);
        Assert.Contains(expected, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_LabelNotInSignature_IsLabelNotFound()
    {
        var request = Signed();
        request.RemoveHeader("Signature");
        request.AddHeader("Signature", "other=:AAAA:");

        var result = Verify(request);

        Assert.Equal(HttpSignatureFailure.LabelNotFound, result.Failure);
        Assert.Contains("'sig1' is not in both", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TwoSignaturesAndNoLabelInPolicy_IsLabelNotFound()
    {
        var request = Signed();
        SignedRequests.Sign(request, _key, SignedRequests.Parameters(nonce: "n2") with { Label = "sig2" });

        var result = Verify(request);

        Assert.Equal(HttpSignatureFailure.LabelNotFound, result.Failure);
        Assert.Contains("2 signatures (sig1, sig2)", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_PolicyLabelAbsent_IsLabelNotFound()
    {
        var result = Verify(Signed(), SignedRequests.Policy() with { Label = "gateway" });

        Assert.Equal(HttpSignatureFailure.LabelNotFound, result.Failure);
    }

    [Theory]
    [InlineData("created")]
    [InlineData("keyid")]
    [InlineData("alg")]
    [InlineData("nonce")]
    public void Verify_RequiredParameterAbsent_IsMissingParameter(string parameter)
    {
        var request = Signed();
        var input = request.GetHeaderValues("Signature-Input")[0];
        var start = input.IndexOf(";" + parameter + "=", StringComparison.Ordinal);
        var end = input.IndexOf(';', start + 1);
        request.RemoveHeader("Signature-Input");
        request.AddHeader("Signature-Input", input.Remove(start, (end < 0 ? input.Length : end) - start));

        var result = Verify(request);

        Assert.Equal(HttpSignatureFailure.MissingParameter, result.Failure);
        Assert.Contains($"no {parameter} parameter", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NoNonceWhenPolicyAllows_IsValid()
    {
        var request = SignedRequests.Sign(SignedRequests.Unsigned(), _key, SignedRequests.Parameters() with { Nonce = null });

        var result = Verify(request, SignedRequests.Policy() with { RequireNonce = false });

        Assert.True(result.IsValid, result.Detail);
    }

    [Fact]
    public void Verify_RequiredTagAbsent_IsMissingParameter()
    {
        var result = Verify(Signed(), SignedRequests.Policy() with { RequiredTag = "dataspace" });

        Assert.Equal(HttpSignatureFailure.MissingParameter, result.Failure);
        Assert.Contains("no tag parameter", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OtherTag_IsTagMismatch()
    {
        var request = SignedRequests.Sign(SignedRequests.Unsigned(), _key, SignedRequests.Parameters() with { Tag = "other-app" });

        var result = Verify(request, SignedRequests.Policy() with { RequiredTag = "dataspace" });

        Assert.Equal(HttpSignatureFailure.TagMismatch, result.Failure);
    }

    [Theory]
    [InlineData("@method")]
    [InlineData("@target-uri")]
    public void Verify_RequiredComponentNotCovered_IsComponentNotCovered(string component)
    {
        var covered = SignedRequests.ProfileComponents.Where(c => c != component).ToArray();
        var request = SignedRequests.Sign(SignedRequests.Unsigned(), _key, SignedRequests.Parameters() with { CoveredComponents = covered });

        var result = Verify(request);

        Assert.Equal(HttpSignatureFailure.ComponentNotCovered, result.Failure);
        Assert.Contains($"does not cover {component}", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ContentButDigestNotCovered_IsComponentNotCovered()
    {
        var parameters = SignedRequests.Parameters() with { CoveredComponents = ["@method", "@target-uri"], RequireContentDigest = false };
        var request = SignedRequests.Sign(SignedRequests.Unsigned(), _key, parameters);

        var result = Verify(request);

        Assert.Equal(HttpSignatureFailure.ComponentNotCovered, result.Failure);
        Assert.Contains("content-digest", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NoContentAndDigestNotCovered_IsValid()
    {
        var request = HttpMessageComponents.ForRequest("GET", new Uri("https://supplier.example/catalog"));
        SignedRequests.Sign(request, _key, SignedRequests.Parameters() with { CoveredComponents = ["@method", "@target-uri"] });

        Assert.True(Verify(request).IsValid);
    }

    [Fact]
    public void Verify_CoveredHeaderRemoved_IsMissingComponent()
    {
        var request = Signed();
        request.RemoveHeader("content-type");

        var result = Verify(request);

        Assert.Equal(HttpSignatureFailure.MissingComponent, result.Failure);
        Assert.Contains("'content-type'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_UnknownKeyId_IsUnknownKeyId()
    {
        using var other = SignatureSuites.Ed25519.GenerateKey();

        var result = HttpMessageVerifier.Verify(Signed(), SignedRequests.Resolver(other.PublicKey), SignedRequests.Policy());

        Assert.Equal(HttpSignatureFailure.UnknownKeyId, result.Failure);
        Assert.Contains(_key.PublicKey.KeyId, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AlgOfAnotherSuite_IsAlgorithmMismatch()
    {
        var request = Signed();
        var input = request.GetHeaderValues("Signature-Input")[0].Replace("alg=\"ed25519\"", "alg=\"ecdsa-p256-sha256\"", StringComparison.Ordinal);
        request.RemoveHeader("Signature-Input");
        request.AddHeader("Signature-Input", input);

        var result = Verify(request);

        Assert.Equal(HttpSignatureFailure.AlgorithmMismatch, result.Failure);
        Assert.Contains("'ecdsa-p256-sha256' is not 'ed25519'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_KeyIdResolvingToKeyOfAnotherSuite_IsAlgorithmMismatch()
    {
        using var p256 = SignatureSuites.P256.GenerateKey();

        var result = HttpMessageVerifier.Verify(Signed(), _ => p256.PublicKey, SignedRequests.Policy());

        Assert.Equal(HttpSignatureFailure.AlgorithmMismatch, result.Failure);
    }

    [Fact]
    public void Verify_SignatureByAnotherKeyOfTheSameSuite_IsSignatureInvalid()
    {
        using var other = SignatureSuites.Ed25519.GenerateKey();

        var result = HttpMessageVerifier.Verify(Signed(), _ => other.PublicKey, SignedRequests.Policy());

        Assert.Equal(HttpSignatureFailure.SignatureInvalid, result.Failure);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    public void Verify_SignatureOfWrongLength_IsSignatureInvalid(int length)
    {
        var request = Signed();
        request.RemoveHeader("Signature");
        request.AddHeader("Signature", $"sig1=:{Convert.ToBase64String(new byte[length])}:");

        Assert.Equal(HttpSignatureFailure.SignatureInvalid, Verify(request).Failure);
    }

    [Fact]
    public void Verify_CreatedBeyondMaxAge_IsTooOld()
    {
        var policy = SignedRequests.Policy(SignedRequests.Now + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(31));

        var result = Verify(Signed(), policy);

        Assert.Equal(HttpSignatureFailure.TooOld, result.Failure);
    }

    [Fact]
    public void Verify_CreatedAtMaxAgePlusSkew_IsValid()
    {
        var policy = SignedRequests.Policy(SignedRequests.Now + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(30));

        Assert.True(Verify(Signed(), policy).IsValid);
    }

    [Fact]
    public void Verify_CreatedAheadBeyondSkew_IsCreatedInFuture()
    {
        var result = Verify(Signed(), SignedRequests.Policy(SignedRequests.Now - TimeSpan.FromSeconds(31)));

        Assert.Equal(HttpSignatureFailure.CreatedInFuture, result.Failure);
    }

    [Fact]
    public void Verify_CreatedAheadWithinSkew_IsValid()
    {
        Assert.True(Verify(Signed(), SignedRequests.Policy(SignedRequests.Now - TimeSpan.FromSeconds(30))).IsValid);
    }

    [Fact]
    public void Verify_CreatedAtTheEndOfTime_IsCreatedInFuture()
    {
        var request = SignedRequests.Unsigned().AddHeader("Signature-Input", "sig1=(\"@method\");created=999999999999999;keyid=\"k\";alg=\"ed25519\";nonce=\"n\"").AddHeader("Signature", "sig1=:AAAA:");

        Assert.Equal(HttpSignatureFailure.CreatedInFuture, Verify(request, SignedRequests.Policy() with { RequiredComponents = [], RequireContentDigest = false }).Failure);
    }

    [Fact]
    public void Verify_PastExpires_IsExpired()
    {
        var request = SignedRequests.Sign(SignedRequests.Unsigned(), _key, SignedRequests.Parameters() with { Expires = SignedRequests.Now.AddSeconds(10) });

        var result = Verify(request, SignedRequests.Policy(SignedRequests.Now.AddSeconds(41)));

        Assert.Equal(HttpSignatureFailure.Expired, result.Failure);
    }

    [Fact]
    public void Verify_ContentChangedButDigestKept_IsContentDigestMismatch()
    {
        var request = Signed();
        request.SetContent("{\"offer\":\"urn:offer:43\",\"purpose\":\"statistics\"}"u8.ToArray());

        var result = Verify(request);

        Assert.Equal(HttpSignatureFailure.ContentDigestMismatch, result.Failure);
        Assert.Contains("sha-256 digest does not match", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SameNonceTwice_IsReplayed()
    {
        var nonces = new MemoryNonceStore(new FakeTimeProvider(SignedRequests.Now));
        Assert.True(Verify(Signed(), nonces: nonces).IsValid);

        var result = Verify(Signed(), nonces: nonces);

        Assert.Equal(HttpSignatureFailure.Replayed, result.Failure);
        Assert.Contains("'nonce-1'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_InvalidSignature_DoesNotSpendNonce()
    {
        var nonces = new MemoryNonceStore(new FakeTimeProvider(SignedRequests.Now));
        using var other = SignatureSuites.Ed25519.GenerateKey();
        Assert.False(HttpMessageVerifier.Verify(Signed(), _ => other.PublicKey, SignedRequests.Policy(), nonces).IsValid);

        Assert.True(Verify(Signed(), nonces: nonces).IsValid);
        Assert.Equal(1, nonces.Count);
    }

    [Fact]
    public void Verify_HeaderValueWithLineBreak_IsMalformedField()
    {
        var request = Signed();
        request.AddHeader("Content-Type", "x\n\"@method\": GET");

        var result = Verify(request);

        Assert.Equal(HttpSignatureFailure.MalformedField, result.Failure);
        Assert.Contains("CR, LF or NUL", result.Detail, StringComparison.Ordinal);
    }

    public void Dispose() => _key.Dispose();

    private HttpMessageComponents Signed() => SignedRequests.Sign(SignedRequests.Unsigned(), _key, SignedRequests.Parameters());

    private HttpSignatureResult Verify(HttpMessageComponents request, VerificationPolicy? policy = null, INonceStore? nonces = null) =>
        HttpMessageVerifier.Verify(request, SignedRequests.Resolver(_key.PublicKey), policy ?? SignedRequests.Policy(), nonces);
}
