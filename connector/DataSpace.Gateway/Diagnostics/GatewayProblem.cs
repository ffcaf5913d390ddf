using System.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace DataSpace.Gateway.Diagnostics;

/// <summary>An RFC 9457 problem details document, as every error the gateway itself makes is answered.</summary>
internal sealed record GatewayProblem(string Type, string Title, int Status, string Detail, string? Instance, string TraceId)
{
    public const string ContentType = "application/problem+json";

    /// <summary>Writes <paramref name="status"/> with <paramref name="detail"/> as problem details.</summary>
    public static Task WriteAsync(HttpContext context, int status, string detail)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        var problem = new GatewayProblem(
            TypeOf(status),
            ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error",
            status,
            detail,
            context.Request.Path.Value,
            Activity.Current?.Id ?? context.TraceIdentifier);
        return System.Text.Json.JsonSerializer.SerializeAsync(response.Body, problem, GatewayJsonContext.Default.GatewayProblem, context.RequestAborted);
    }

    private static string TypeOf(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        405 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        429 => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        500 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
        502 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.3",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        504 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.5",
        _ => "about:blank",
    };
}
