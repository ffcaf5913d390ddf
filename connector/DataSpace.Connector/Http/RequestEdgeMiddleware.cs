using System.Globalization;
using DataSpace.Connector.Hosting;
using Microsoft.AspNetCore.Mvc;
using DataSpace.Hosting;

namespace DataSpace.Connector.Http;

/// <summary>
/// The connector's first own step, before routing: a request that names no host (HTTP/1.0 without <c>Host</c>, which
/// Kestrel lets through; RFC 9112 section 3.2) is refused with a 400 problem, counted against its address
/// (<see cref="RefusalRateLimiter"/>: 429 once the bucket is empty); and any refusal (4xx or 5xx) leaves the rest of
/// its body unread, so that Kestrel closes the connection rather than drain a body nobody wants.
/// </summary>
internal sealed class RequestEdgeMiddleware(RequestDelegate next, RefusalRateLimiter refusals)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Host.HasValue)
        {
            RequestBody.Refuse(context);
            if (refusals.TryAcquire(context.Connection.RemoteIpAddress) is { } wait)
            {
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ProblemResponses.WriteAsync(context, new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Detail = $"rate limit reached for refused requests from this address: retry after {seconds} s",
                }).ConfigureAwait(false);
                return;
            }

            await ProblemResponses.WriteAsync(context, new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Detail = "the request names no host: send a Host header field with the connector's origin (HTTP/1.0 requests too)",
            }).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
        if (context.Response.StatusCode >= 400)
        {
            RequestBody.Refuse(context);
        }
    }
}
