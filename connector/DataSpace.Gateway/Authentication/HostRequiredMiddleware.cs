using System.Globalization;
using DataSpace.Gateway.Diagnostics;
using DataSpace.Gateway.RateLimiting;
using DataSpace.Hosting;

namespace DataSpace.Gateway.Authentication;

/// <summary>
/// Refuses a request that names no host (HTTP/1.0 without <c>Host</c>, which Kestrel lets through; RFC 9112 section
/// 3.2 requires it of HTTP/1.1) with a 400 problem, before routing: a signature's <c>@target-uri</c> is for an origin,
/// and the gateway cannot tell which. The refusal is a failed request of its address for the rate limiter (429 once
/// the address's bucket is empty), and the body is not read.
/// </summary>
internal sealed class HostRequiredMiddleware(RequestDelegate next, GatewayRateLimiter limiter)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Host.HasValue)
        {
            return next(context);
        }

        RequestBody.Refuse(context);
        if (limiter.TryAcquireForAddress(context.Connection.RemoteIpAddress) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return GatewayProblem.WriteAsync(
                context, StatusCodes.Status429TooManyRequests, $"rate limit reached for failed requests from this address: retry after {seconds} s");
        }

        return GatewayProblem.WriteAsync(
            context,
            StatusCodes.Status400BadRequest,
            "the request names no host: send a Host header field with the gateway's origin (HTTP/1.0 requests too)");
    }
}
