using DataSpace.Crypto.HttpSignatures;
using DataSpace.Gateway.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using DataSpace.Hosting;

namespace DataSpace.Gateway.Authentication;

/// <summary>
/// Verifies a client request's RFC 9421 signature exactly as the connector would (docs/http-signatures.md), in two
/// halves around the body: <see cref="VerifyHeadersAsync"/> before a byte of it is read (the key on the trust list,
/// <c>@method</c>, <c>@target-uri</c> rebuilt from one of the gateway's public origins and, with a body,
/// <c>content-digest</c> covered, created within the window, the signature valid, the nonce not seen), and
/// <see cref="Complete"/> once the body has streamed through its digest (the digest matches, then the nonce is spent).
/// </summary>
internal sealed class SignatureVerifier(
    TrustList trustList, INonceStore nonces, TimeProvider time, IOptions<GatewayOptions> options, ServerOrigins origins)
{
    private const string SignatureInput = "Signature-Input";
    private const string Signature = "Signature";
    private readonly GatewayOptions _options = options.Value;

    /// <summary>Checks everything the header fields decide; the body is not touched.</summary>
    public async ValueTask<GatewaySignature> VerifyHeadersAsync(HttpContext context, bool hasBody)
    {
        var request = context.Request;
        var headers = request.Headers;
        var signatureInput = headers[SignatureInput];
        if (signatureInput.Count == 0 || headers[Signature].Count == 0)
        {
            return GatewaySignature.Refused(
                HttpSignatureFailure.MissingHeader, "this route needs a request signed (RFC 9421) by a party on the connector's trust list");
        }

        if (headers[ContentDigest.HeaderName].Count > 1)
        {
            return GatewaySignature.Refused(HttpSignatureFailure.MalformedField, "the request carries several Content-Digest fields");
        }

        var input = signatureInput.ToString();
        var keyId = HttpMessageVerifier.KeyIdsNamed(input).FirstOrDefault();
        if (keyId is null)
        {
            return GatewaySignature.Refused(HttpSignatureFailure.MissingParameter, "Signature-Input names no keyid");
        }

        // @target-uri and @authority come from the gateway's own origins; the Host field only picks one of them.
        var known = origins.Current;
        if (known.Find(request.Host.Value, request.Scheme) is not { } origin)
        {
            return GatewaySignature.Refused(
                HttpSignatureFailure.UnknownOrigin,
                $"the request is addressed to '{request.Host.Value}', which is not an origin of this gateway ({known}): sign for one of them (Gateway:PublicOrigins)",
                keyId);
        }

        var trusted = trustList.Current;
        if (trusted.Find(keyId) is null)
        {
            trusted = await trustList.RefreshForUnknownKeyAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var components = HttpMessageComponents.ForRawTarget(request.Method, origin.Scheme, origin.Authority, RawTarget(context));
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

        var policy = new VerificationPolicy
        {
            Now = time.GetUtcNow(),
            MaxAge = _options.Signatures.MaxAge,
            ClockSkew = _options.Signatures.ClockSkew,
            MinNonceLength = GatewayAssertion.MinNonceLength,
        };
        var result = HttpMessageVerifier.VerifyHeaders(components, trusted.Resolve, policy, hasBody, nonces);
        if (!result.IsValid)
        {
            return new GatewaySignature(result, null, policy);
        }

        return trusted.Find(result.KeyId!) is { } key
            ? new GatewaySignature(result, key, policy)
            : GatewaySignature.Refused(HttpSignatureFailure.UnknownKeyId, $"no key is known for keyid '{result.KeyId}'", result.KeyId);
    }

    /// <summary>
    /// Finishes <paramref name="signature"/> once the body streamed through <paramref name="digest"/> (null without a
    /// body): the digest must match, and only then is the nonce remembered.
    /// </summary>
    public GatewaySignature Complete(GatewaySignature signature, ContentDigestVerifier? digest)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var result = HttpMessageVerifier.Complete(signature.Result, digest, signature.Policy!, nonces);
        return result.IsValid ? signature : signature with { Result = result, Key = null };
    }

    /// <summary>The target as it arrived (a re-parsed URI could differ from what the client signed), in origin form.</summary>
    private static string RawTarget(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw && raw[0] == '/'
            ? raw
            : (context.Request.PathBase + context.Request.Path + context.Request.QueryString).ToString();

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
