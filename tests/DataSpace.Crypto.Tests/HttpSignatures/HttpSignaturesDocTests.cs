using System.Text;
using System.Text.RegularExpressions;
using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.HttpSignatures;

/// <summary>Checks the worked example in docs/http-signatures.md against the code.</summary>
public sealed partial class HttpSignaturesDocTests
{
    private static readonly string Example = ReadExample();

    [Fact]
    public void WorkedExample_SigningTheRequest_GivesTheDocumentedFields()
    {
        using var key = SigningKey.ImportPkcs8Pem(PrivateKeyPem().Match(Example).Value);
        var request = DocumentedRequest();

        var headers = HttpMessageSigner.Sign(request, key, new SignatureParameters
        {
            CoveredComponents = ["@method", "@target-uri", "content-digest", "content-type"],
            Created = DateTimeOffset.FromUnixTimeSeconds(1795435200),
            Nonce = "k3Jd9yq2Pq0d1Y6rB3vTzA",
        });

        Assert.Equal(Field("Signature-Input"), headers.SignatureInput);
        Assert.Equal(Field("Signature"), headers.Signature);
        Assert.Equal(Regex.Match(Example, "key id is `([0-9a-f]{32})`").Groups[1].Value, key.PublicKey.KeyId);
    }

    [Fact]
    public void WorkedExample_SignatureBase_IsTheDocumentedOne()
    {
        var request = DocumentedRequest();
        var parsed = ParseInput(Field("Signature-Input"));

        var signatureBase = SignatureBase.TryBuild(request, parsed, out _);

        Assert.Equal(SignatureBaseBlock().Match(Example).Groups[1].Value.TrimEnd('\n'), signatureBase);
    }

    [Fact]
    public void WorkedExample_DocumentedRequest_VerifiesWithinTheWindowAndOnlyOnce()
    {
        using var key = SigningKey.ImportPkcs8Pem(PrivateKeyPem().Match(Example).Value);
        var request = DocumentedRequest()
            .AddHeader("Signature-Input", Field("Signature-Input"))
            .AddHeader("Signature", Field("Signature"));
        var now = DateTimeOffset.FromUnixTimeSeconds(1795435200).AddSeconds(2);
        var nonces = new MemoryNonceStore(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now));

        var first = HttpMessageVerifier.Verify(request, SignedRequests.Resolver(key.PublicKey), new VerificationPolicy { Now = now }, nonces);
        var replay = HttpMessageVerifier.Verify(request, SignedRequests.Resolver(key.PublicKey), new VerificationPolicy { Now = now }, nonces);

        Assert.True(first.IsValid, first.Detail);
        Assert.Equal(HttpSignatureFailure.Replayed, replay.Failure);
    }

    private static HttpMessageComponents DocumentedRequest()
    {
        var http = HttpBlock().Match(Example).Groups[1].Value;
        var body = Encoding.UTF8.GetBytes(http[(http.IndexOf("\n\n", StringComparison.Ordinal) + 2)..].TrimEnd('\n'));
        return HttpMessageComponents.ForRequest("POST", new Uri("https://supplier.example/agreements"))
            .SetContent(body)
            .AddHeader("Host", "supplier.example")
            .AddHeader("Content-Type", Field("Content-Type"))
            .AddHeader("Content-Digest", Field("Content-Digest"));
    }

    private static SignatureInput ParseInput(string field)
    {
        var member = Assert.Single(DataSpace.Crypto.HttpSignatures.StructuredFields.SfParser.ParseDictionary(field, "Signature-Input"));
        return SignatureInput.FromMember(member.Key, member.Value);
    }

    private static string Field(string name) =>
        Regex.Match(HttpBlock().Match(Example).Groups[1].Value, $"^{Regex.Escape(name)}: (.*)$", RegexOptions.Multiline).Groups[1].Value;

    private static string ReadExample()
    {
        var doc = RepositoryDocs.Read("http-signatures.md");
        return doc[doc.IndexOf("## Worked example", StringComparison.Ordinal)..];
    }

    [GeneratedRegex("-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----")]
    private static partial Regex PrivateKeyPem();

    [GeneratedRegex("```http\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex HttpBlock();

    [GeneratedRegex("```text\n(\"@method\".*?)```", RegexOptions.Singleline)]
    private static partial Regex SignatureBaseBlock();
}
