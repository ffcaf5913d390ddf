using DataSpace.Crypto.HttpSignatures;
using DataSpace.Gateway.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace DataSpace.Gateway.Authentication;

/// <summary>
/// Verifies a client request's RFC 9421 signature exactly as the connector would (docs/http-signatures.md):
/// against the trust list, covering <c>@method</c>, <c>@target-uri</c> and, with a body, <c>content-digest</c>,
/// created within the window, a nonce never seen. A request with a body has it buffered (it is forwarded from
/// the buffer); a request without one is not touched.
/// </summary>
internal sealed class SignatureVerifier(TrustList trustList, INonceStore nonces, TimeProvider time, IOptions<GatewayOptions> options)
{
    private const string SignatureInput = "Signature-Input";
    private const string Signature = "Signature";
    private readonly GatewayOptions _options = options.Value;

    /// <summary>The largest body verified and forwarded (<c>Gateway:MaxRequestBodyBytes</c>).</summary>
    public long MaxRequestBodyBytes => _options.MaxRequestBodyBytes;

    /// <summary>The verified key and key id, or a null key with the reason.</summary>
    public async ValueTask<(TrustedKey? Key, string? KeyId, string? Failure)> VerifyAsync(HttpContext context)
    {
        var request = context.Request;
        var headers = request.Headers;
        var signatureInput = headers[SignatureInput];
        if (signatureInput.Count == 0 || headers[Signature].Count == 0)
        {
            return (null, null, "this route needs a request signed (RFC 9421) by a party on the connector's trust list");
        }

        if (headers[ContentDigest.HeaderName].Count > 1)
        {
            return (null, null, "the request carries several Content-Digest fields");
        }

        var keyId = HttpMessageVerifier.KeyIdsNamed(signatureInput.ToString()).FirstOrDefault();
        if (keyId is null)
        {
            return (null, null, "request signature refused (MissingParameter): Signature-Input names no keyid");
        }

        var trusted = trustList.Current;
        if (trusted.Find(keyId) is null)
        {
            trusted = await trustList.RefreshForUnknownKeyAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var components = HttpMessageComponents.ForRawTarget(
            request.Method,
            request.Scheme,
            request.Host.Value ?? "",
            context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString());
        var input = signatureInput.ToString();
        foreach (var header in headers)
        {
            // Only the fields the verifier reads: the signature's own and those it covers.
            if (header.Key.Equals(SignatureInput, StringComparison.OrdinalIgnoreCase)
                || header.Key.Equals(Signature, StringComparison.OrdinalIgnoreCase)
                || Covers(input, header.Key))
            {
                foreach (var value in header.Value)
                {
                    if (value is not null)
                    {
                        components.AddHeader(header.Key, value);
                    }
                }
            }
        }

        if (request.ContentLength is > 0 || (request.ContentLength is null && headers.TransferEncoding.Count > 0))
        {
            request.EnableBuffering(bufferThreshold: 1024 * 1024, bufferLimit: _options.MaxRequestBodyBytes);
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            request.Body.Position = 0;
            components.SetContent(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }

        var result = HttpMessageVerifier.Verify(
            components,
            trusted.Resolve,
            new VerificationPolicy { Now = time.GetUtcNow(), MaxAge = _options.Signatures.MaxAge, ClockSkew = _options.Signatures.ClockSkew },
            nonces);
        if (!result.IsValid)
        {
            return (null, result.KeyId ?? keyId, $"request signature refused ({result.Failure}): {result.Detail}");
        }

        return trusted.Find(result.KeyId!) is { } key
            ? (key, result.KeyId, null)
            : (null, result.KeyId, $"request signature refused (UnknownKeyId): no key is known for keyid '{result.KeyId}'");
    }

    /// <summary>True when <paramref name="input"/> names the field <paramref name="name"/> as a covered component (<c>"name"</c>).</summary>
    private static bool Covers(string input, string name)
    {
        var at = 0;
        while ((at = input.IndexOf(name, at, StringComparison.OrdinalIgnoreCase)) > 0)
        {
            var end = at + name.Length;
            if (input[at - 1] == '"' && end < input.Length && input[end] == '"')
            {
                return true;
            }

            at = end;
        }

        return false;
    }
}
