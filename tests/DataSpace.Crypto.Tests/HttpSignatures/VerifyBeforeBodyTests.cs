using System.Text;
using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.Signatures;
using Microsoft.Extensions.Time.Testing;

namespace DataSpace.Crypto.Tests.HttpSignatures;

/// <summary>
/// Verification in two halves around the body (docs/http-signatures.md, "Verifying before the body"): everything the
/// header fields decide first, then the content streamed through its digest, then the nonce.
/// </summary>
public sealed class VerifyBeforeBodyTests : IDisposable
{
    private const string Nonce = "AAAAAAAAAAAAAAAAAAAAAA";

    private readonly SigningKey _key = SignatureSuites.Ed25519.GenerateKey();
    private readonly MemoryNonceStore _nonces = new(new FakeTimeProvider(SignedRequests.Now));

    public void Dispose() => _key.Dispose();

    /// <summary>The signed request as a server sees it before reading the body: header fields only.</summary>
    private HttpMessageComponents HeadersOnly(string nonce = Nonce, byte[]? body = null)
    {
        var signed = SignedRequests.Sign(SignedRequests.Unsigned(body), _key, SignedRequests.Parameters(nonce: nonce));
        var headers = HttpMessageComponents.ForRequest("POST", new Uri("https://supplier.example:8443/agreements?dry-run=1"));
        foreach (var name in signed.HeaderNames)
        {
            foreach (var value in signed.GetHeaderValues(name))
            {
                headers.AddHeader(name, value);
            }
        }

        return headers;
    }

    private HttpSignatureResult Headers(HttpMessageComponents message, bool hasContent = true, VerificationPolicy? policy = null) =>
        HttpMessageVerifier.VerifyHeaders(message, SignedRequests.Resolver(_key.PublicKey), policy ?? SignedRequests.Policy(), hasContent, _nonces);

    private static ContentDigestVerifier Streamed(HttpMessageComponents message, byte[] body, int piece = 7)
    {
        var verifier = ContentDigestVerifier.TryCreate(message.GetCanonicalHeader(ContentDigest.HeaderName)!, out var detail)
            ?? throw new InvalidOperationException(detail);
        for (var at = 0; at < body.Length; at += piece)
        {
            verifier.Append(body.AsSpan(at, Math.Min(piece, body.Length - at)));
        }

        return verifier;
    }

    [Fact]
    public void VerifyHeaders_ThenMatchingContent_VerifiesAndSpendsTheNonceOnlyAtTheEnd()
    {
        var message = HeadersOnly();

        var headers = Headers(message);
        Assert.True(headers.IsValid, headers.Detail);
        Assert.False(_nonces.IsRemembered(_key.PublicKey.KeyId, Nonce));

        using var content = Streamed(message, SignedRequests.Body);
        var complete = HttpMessageVerifier.Complete(headers, content, SignedRequests.Policy(), _nonces);

        Assert.True(complete.IsValid, complete.Detail);
        Assert.True(_nonces.IsRemembered(_key.PublicKey.KeyId, Nonce));
    }

    [Fact]
    public void Complete_ContentNotMatchingTheDigest_IsRefusedAndSpendsNoNonce()
    {
        var message = HeadersOnly();
        var headers = Headers(message);

        using var content = Streamed(message, Encoding.UTF8.GetBytes("{\"offer\":\"urn:offer:43\",\"purpose\":\"statistics\"}"));
        var complete = HttpMessageVerifier.Complete(headers, content, SignedRequests.Policy(), _nonces);

        Assert.Equal(HttpSignatureFailure.ContentDigestMismatch, complete.Failure);
        Assert.False(_nonces.IsRemembered(_key.PublicKey.KeyId, Nonce));
    }

    [Fact]
    public void VerifyHeaders_NonceAlreadySpent_IsReplayedBeforeTheBody()
    {
        var message = HeadersOnly();
        Assert.True(_nonces.TryRemember(_key.PublicKey.KeyId, Nonce, SignedRequests.Now.AddMinutes(5)));

        var headers = Headers(message);

        Assert.Equal(HttpSignatureFailure.Replayed, headers.Failure);
    }

    [Fact]
    public void Complete_TwoCopiesInFlight_OnlyTheFirstToFinishIsAccepted()
    {
        var message = HeadersOnly();
        var first = Headers(message);
        var second = Headers(message);
        Assert.True(first.IsValid && second.IsValid);

        using var one = Streamed(message, SignedRequests.Body);
        using var two = Streamed(message, SignedRequests.Body);

        Assert.True(HttpMessageVerifier.Complete(first, one, SignedRequests.Policy(), _nonces).IsValid);
        Assert.Equal(HttpSignatureFailure.Replayed, HttpMessageVerifier.Complete(second, two, SignedRequests.Policy(), _nonces).Failure);
    }

    [Fact]
    public void VerifyHeaders_ContentAnnouncedButDigestNotCovered_IsRefused()
    {
        var unsigned = HttpMessageComponents.ForRequest("POST", new Uri("https://supplier.example:8443/agreements?dry-run=1"));
        var message = SignedRequests.Sign(unsigned, _key, new SignatureParameters
        {
            CoveredComponents = ["@method", "@target-uri"],
            Created = SignedRequests.Now,
            Nonce = Nonce,
        });

        Assert.True(Headers(message, hasContent: false).IsValid);
        Assert.Equal(HttpSignatureFailure.ComponentNotCovered, Headers(message, hasContent: true).Failure);
    }

    [Fact]
    public void VerifyHeaders_ForgedSignature_IsRefusedWithoutTheBody()
    {
        var message = HeadersOnly();
        var tampered = HttpMessageComponents.ForRequest("POST", new Uri("https://supplier.example:8443/agreements?dry-run=2"));
        foreach (var name in message.HeaderNames)
        {
            tampered.AddHeader(name, message.GetHeaderValues(name)[0]);
        }

        Assert.Equal(HttpSignatureFailure.SignatureInvalid, Headers(tampered).Failure);
    }

    [Fact]
    public void VerifyHeaders_NonceShorterThanThePolicyAsks_IsRefused()
    {
        var message = HeadersOnly(nonce: "short");

        var result = Headers(message, policy: SignedRequests.Policy() with { MinNonceLength = 22 });

        Assert.Equal(HttpSignatureFailure.MalformedField, result.Failure);
        Assert.Contains("at least 22", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OneShot_StillChecksContentAndNonce()
    {
        var message = SignedRequests.Sign(SignedRequests.Unsigned(), _key, SignedRequests.Parameters(nonce: Nonce));

        Assert.True(HttpMessageVerifier.Verify(message, SignedRequests.Resolver(_key.PublicKey), SignedRequests.Policy(), _nonces).IsValid);
        Assert.Equal(
            HttpSignatureFailure.Replayed,
            HttpMessageVerifier.Verify(message, SignedRequests.Resolver(_key.PublicKey), SignedRequests.Policy(), _nonces).Failure);
    }
}
