using DataSpace.Crypto.HttpSignatures;
using Microsoft.AspNetCore.Http.Features;

namespace DataSpace.Hosting;

/// <summary>
/// A signed request's body as the connector and the gateway handle it (docs/connector-service.md and docs/gateway.md,
/// "Bodies"): announced by the header fields, never read before the signature over them verified, then read once
/// through the signed digest into a bounded buffer, which becomes the body the endpoint reads (or YARP forwards).
/// </summary>
public static class RequestBody
{
    /// <summary>Kestrel's <c>MaxRequestBufferSize</c>: what a connection may have received ahead of the app, 64 KiB.</summary>
    public const long ConnectionBufferBytes = 64 * 1024;

    /// <summary>True when the header fields announce content: a positive Content-Length, or a transfer coding.</summary>
    public static bool IsAnnounced(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
    }

    /// <summary>
    /// Tells Kestrel not to read what is left of a refused request's body: with a limit of 0 it closes the connection
    /// after the answer instead of draining the body (up to 5 s of bytes) to reuse it.
    /// </summary>
    public static void Refuse(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = 0;
        }

        // A body partly read (the limit is then fixed) is not drained either: the connection closes after the answer.
        if (!context.Response.HasStarted && IsAnnounced(context.Request))
        {
            context.Response.Headers.Connection = "close";
        }
    }

    /// <summary>
    /// Reads the body through <paramref name="digest"/> into at most <paramref name="limit"/> bytes charged to
    /// <paramref name="budget"/>, and on success makes it the request's body (with its Content-Length), disposed with
    /// the response.
    /// </summary>
    public static async Task<SignedContent> BufferAsync(HttpContext context, long limit, ContentDigestVerifier? digest, ContentBudget budget)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var content = await SignedContent.ReadAsync(request.Body, limit, digest, budget, context.RequestAborted).ConfigureAwait(false);
        if (content.Failure == SignedContentFailure.None)
        {
            context.Response.RegisterForDispose(content);
            request.Body = content.OpenRead();
            request.Headers.TransferEncoding = default;
            request.ContentLength = content.Length;
        }

        return content;
    }
}
