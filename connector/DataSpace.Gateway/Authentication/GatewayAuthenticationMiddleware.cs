using System.Globalization;
using DataSpace.Crypto.HttpSignatures;
using DataSpace.Gateway.Diagnostics;
using DataSpace.Gateway.Forwarding;
using DataSpace.Gateway.Hosting;
using DataSpace.Gateway.RateLimiting;
using Microsoft.Extensions.Options;
using DataSpace.Hosting;

namespace DataSpace.Gateway.Authentication;

/// <summary>
/// The first step of the proxy pipeline, on every matched route (docs/gateway.md, "Bodies"): verify the client's
/// signature over the header fields (the public checkpoint excepted) and refuse with 401 and the reason, spend a token
/// of the party's bucket (or, unsigned or refused, of the address's) and refuse with 429 and <c>Retry-After</c>, all
/// before a byte of the body is read; then read the body through its signed digest into a buffer bounded by the
/// route's limit (413 beyond) and the gateway's budget (503), and spend the nonce. Nothing refused is forwarded, and
/// the rest of a refused body is not read.
/// </summary>
internal sealed class GatewayAuthenticationMiddleware(
    RequestDelegate next, SignatureVerifier verifier, GatewayRateLimiter limiter, IOptions<GatewayOptions> options, ContentBudget budget)
{
    private readonly GatewayOptions _options = options.Value;

    public async Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.Get<GatewayRequestFeature>();
        if (feature is null)
        {
            feature = new GatewayRequestFeature();
            context.Features.Set(feature);
        }

        var address = context.Connection.RemoteIpAddress;
        var hasBody = RequestBody.IsAnnounced(context.Request);
        if (GatewayRoutes.IsPublic(context))
        {
            if (limiter.TryAcquireForAddress(address) is { } wait)
            {
                await TooManyAsync(context, wait, "unsigned requests from this address").ConfigureAwait(false);
            }
            else if (hasBody)
            {
                await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "the public checkpoint takes no request body").ConfigureAwait(false);
            }
            else
            {
                await next(context).ConfigureAwait(false);
            }

            return;
        }

        if (limiter.PausedFor(address) is { } paused)
        {
            await TooManyAsync(context, paused, "failed requests from this address").ConfigureAwait(false);
            return;
        }

        var signature = await verifier.VerifyHeadersAsync(context, hasBody).ConfigureAwait(false);
        if (!signature.IsValid)
        {
            await UnauthorizedAsync(context, signature).ConfigureAwait(false);
            return;
        }

        feature.Signer = signature.Key;
        feature.KeyId = signature.Result.KeyId;
        feature.Nonce = signature.Result.Nonce;
        if (limiter.TryAcquireForParty(signature.Key!.PartyId) is { } partyWait)
        {
            await TooManyAsync(context, partyWait, $"requests of party '{signature.Key.PartyId}'").ConfigureAwait(false);
            return;
        }

        string? malformed = null;
        using var digest = hasBody ? ContentDigestVerifier.TryCreate(context.Request.Headers[ContentDigest.HeaderName].ToString(), out malformed) : null;
        if (hasBody)
        {
            if (digest is null)
            {
                await UnauthorizedAsync(context, GatewaySignature.Refused(HttpSignatureFailure.ContentDigestMismatch, malformed!)).ConfigureAwait(false);
                return;
            }

            if (!await BufferBodyAsync(context, digest).ConfigureAwait(false))
            {
                return;
            }
        }

        signature = verifier.Complete(signature, digest);
        if (!signature.IsValid)
        {
            feature.Signer = null;
            await UnauthorizedAsync(context, signature).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>Reads the body into the bounded buffer; false when the request was refused (413, 503 or 400).</summary>
    private async Task<bool> BufferBodyAsync(HttpContext context, ContentDigestVerifier digest)
    {
        var limit = GatewayRoutes.BodyLimit(context, _options);
        if (context.Request.ContentLength > limit)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, TooLarge(limit)).ConfigureAwait(false);
            return false;
        }

        SignedContent content;
        try
        {
            // Kestrel's own limit set to the same value first, so that it stops a chunked body there too.
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrel)
            {
                kestrel.MaxRequestBodySize = limit;
            }

            content = await RequestBody.BufferAsync(context, limit, digest, budget).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel's limit or a body cut short: the client's fault, never forwarded.
            var detail = exception.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge(limit) : exception.Message;
            await RefuseAsync(context, exception.StatusCode, detail).ConfigureAwait(false);
            return false;
        }

        switch (content.Failure)
        {
            case SignedContentFailure.TooLarge:
                await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, TooLarge(limit)).ConfigureAwait(false);
                return false;
            case SignedContentFailure.OverBudget:
                context.Response.Headers.RetryAfter = "1";
                await RefuseAsync(
                    context,
                    StatusCodes.Status503ServiceUnavailable,
                    $"the gateway holds as many request bodies as it may (Gateway:MaxBufferedBodyBytes, {_options.MaxBufferedBodyBytes} bytes): retry after 1 s").ConfigureAwait(false);
                return false;
            default:
                return true;
        }
    }

    private async Task UnauthorizedAsync(HttpContext context, GatewaySignature signature)
    {
        context.RequestServices.GetRequiredService<GatewayMetrics>().SignatureRefused(signature.Result.Failure.ToString());
        if (limiter.TryAcquireForAddress(context.Connection.RemoteIpAddress) is { } wait)
        {
            await TooManyAsync(context, wait, "failed requests from this address").ConfigureAwait(false);
            return;
        }

        context.Response.Headers.WWWAuthenticate = "Signature";
        await RefuseAsync(context, StatusCodes.Status401Unauthorized, signature.Refusal).ConfigureAwait(false);
    }

    private static string TooLarge(long limit) =>
        string.Create(CultureInfo.InvariantCulture, $"the request body is larger than the {limit} bytes the gateway forwards on this route");

    private static Task RefuseAsync(HttpContext context, int status, string detail)
    {
        RequestBody.Refuse(context);
        return GatewayProblem.WriteAsync(context, status, detail);
    }

    private static Task TooManyAsync(HttpContext context, TimeSpan wait, string what)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return RefuseAsync(
            context, StatusCodes.Status429TooManyRequests, $"rate limit reached for {what}: retry after {seconds} s");
    }
}
