using System.Text;
using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Tests.HttpSignatures;

/// <summary>A request signed in our profile (docs/http-signatures.md), for the verifier tests to break.</summary>
internal static class SignedRequests
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static readonly string[] ProfileComponents = ["@method", "@target-uri", "content-digest", "content-type"];

    public static byte[] Body => Encoding.UTF8.GetBytes("{\"offer\":\"urn:offer:42\",\"purpose\":\"statistics\"}");

    /// <summary>The unsigned request: POST with a JSON body and its Content-Digest.</summary>
    public static HttpMessageComponents Unsigned(byte[]? body = null)
    {
        body ??= Body;
        return HttpMessageComponents.ForRequest("POST", new Uri("https://supplier.example:8443/agreements?dry-run=1"))
            .SetContent(body)
            .AddHeader("Content-Type", "application/json")
            .AddHeader("Content-Digest", ContentDigest.Compute(body));
    }

    public static SignatureParameters Parameters(DateTimeOffset? created = null, string nonce = "nonce-1") => new()
    {
        CoveredComponents = ProfileComponents,
        Created = created ?? Now,
        Nonce = nonce,
    };

    /// <summary>Signs <paramref name="message"/> and adds the two fields to it.</summary>
    public static HttpMessageComponents Sign(HttpMessageComponents message, SigningKey key, SignatureParameters parameters)
    {
        var headers = HttpMessageSigner.Sign(message, key, parameters);
        return message.AddHeader(HttpSignatureHeaders.SignatureInputName, headers.SignatureInput)
            .AddHeader(HttpSignatureHeaders.SignatureName, headers.Signature);
    }

    public static VerificationPolicy Policy(DateTimeOffset? now = null) => new() { Now = now ?? Now };

    public static Func<string, PublicKey?> Resolver(params PublicKey[] keys) =>
        id => keys.FirstOrDefault(k => k.KeyId == id);
}
