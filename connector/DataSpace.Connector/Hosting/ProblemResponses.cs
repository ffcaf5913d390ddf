using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace DataSpace.Connector.Hosting;

/// <summary>Writes RFC 9457 problem details: every error response of the connector goes through here.</summary>
internal static class ProblemResponses
{
    public const string ContentType = "application/problem+json";

    /// <summary>The extension member carrying the request's trace id, the only correlation a client gets for a 500.</summary>
    public const string TraceIdMember = "traceId";

    /// <summary>Fills what the problem leaves open: title, type (RFC 9110 section for the status), instance, trace id.</summary>
    public static void Complete(ProblemDetails problem, HttpContext context)
    {
        var status = problem.Status ?? context.Response.StatusCode;
        problem.Status = status;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
        problem.Type ??= DefaultType(status);
        problem.Instance ??= context.Request.Path.Value;
        problem.Extensions[TraceIdMember] = Activity.Current?.Id ?? context.TraceIdentifier;
    }

    /// <summary>Sets the status and writes <paramref name="problem"/> as <c>application/problem+json</c>.</summary>
    public static async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        Complete(problem, context);
        context.Response.StatusCode = problem.Status!.Value;
        var service = context.RequestServices.GetService<IProblemDetailsService>();
        if (service is not null
            && await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false))
        {
            return;
        }

        // The client's Accept header ruled out JSON; RFC 9457 is still the only error format the connector speaks.
        await context.Response.WriteAsJsonAsync(problem, options: null, contentType: ContentType, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The status code pages handler: an empty 4xx/5xx response (404, 405, 415, 504...) becomes a problem.</summary>
    public static Task WriteStatusAsync(StatusCodeContext statusContext)
    {
        var context = statusContext.HttpContext;
        var status = context.Response.StatusCode;
        var detail = status switch
        {
            StatusCodes.Status404NotFound => $"No resource at {context.Request.Path}.",
            StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}.",
            StatusCodes.Status413PayloadTooLarge =>
                context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is long limit
                    ? $"The request body is larger than the {limit} bytes this endpoint accepts."
                    : "The request body is larger than this endpoint accepts.",
            StatusCodes.Status415UnsupportedMediaType => "The request body must be application/json.",
            StatusCodes.Status504GatewayTimeout => "The request took longer than the connector allows and was cancelled.",
            _ => null,
        };
        return WriteAsync(context, new ProblemDetails { Status = status, Detail = detail });
    }

    private static string DefaultType(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        405 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
        408 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.9",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        422 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        429 => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        500 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        504 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.5",
        _ => "about:blank",
    };
}
