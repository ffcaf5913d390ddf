using System.Globalization;
using DataSpace.Gateway.Diagnostics;
using DataSpace.Gateway.Forwarding;
using DataSpace.Gateway.RateLimiting;

namespace DataSpace.Gateway.Authentication;

/// <summary>
/// The first step of the proxy pipeline, on every matched route: verify the client's signature (the public
/// checkpoint excepted), refuse with 401 and the reason, then spend a token of the party's bucket (or, unsigned,
/// of the address's) and refuse with 429 and <c>Retry-After</c> when it is empty. Nothing refused is forwarded.
/// </summary>
internal sealed class GatewayAuthenticationMiddleware(RequestDelegate next, SignatureVerifier verifier, GatewayRateLimiter limiter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.Get<GatewayRequestFeature>();
        if (feature is null)
        {
            feature = new GatewayRequestFeature();
            context.Features.Set(feature);
        }

        var address = context.Connection.RemoteIpAddress;
        if (GatewayRoutes.IsPublic(context))
        {
            if (limiter.TryAcquireForAddress(address) is { } wait)
            {
                await TooManyAsync(context, wait, "unsigned requests from this address").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
            return;
        }

        if (limiter.PausedFor(address) is { } paused)
        {
            await TooManyAsync(context, paused, "failed requests from this address").ConfigureAwait(false);
            return;
        }

        if (context.Request.ContentLength > verifier.MaxRequestBodyBytes)
        {
            await GatewayProblem.WriteAsync(
                context, StatusCodes.Status413PayloadTooLarge, $"the request body is larger than the {verifier.MaxRequestBodyBytes} bytes the gateway forwards").ConfigureAwait(false);
            return;
        }

        TrustedKey? key;
        string? keyId, failure;
        try
        {
            (key, keyId, failure) = await verifier.VerifyAsync(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception)
        {
            // A body over Kestrel's limit, or one cut short: the client's fault, never forwarded.
            await GatewayProblem.WriteAsync(context, exception.StatusCode, exception.Message).ConfigureAwait(false);
            return;
        }

        if (key is null)
        {
            if (limiter.TryAcquireForAddress(address) is { } wait)
            {
                await TooManyAsync(context, wait, "failed requests from this address").ConfigureAwait(false);
                return;
            }

            context.Response.Headers.WWWAuthenticate = "Signature";
            await GatewayProblem.WriteAsync(context, StatusCodes.Status401Unauthorized, failure!).ConfigureAwait(false);
            return;
        }

        feature.Signer = key;
        feature.KeyId = keyId;
        if (limiter.TryAcquireForParty(key.PartyId) is { } partyWait)
        {
            await TooManyAsync(context, partyWait, $"requests of party '{key.PartyId}'").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static Task TooManyAsync(HttpContext context, TimeSpan wait, string what)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return GatewayProblem.WriteAsync(
            context, StatusCodes.Status429TooManyRequests, $"rate limit reached for {what}: retry after {seconds} s");
    }
}
