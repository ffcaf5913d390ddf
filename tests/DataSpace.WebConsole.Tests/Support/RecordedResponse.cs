using System.Text;

namespace DataSpace.WebConsole.Tests.Support;

/// <summary>One response (or WebSocket frame) the browser received, as <see cref="ResponseRecorder"/> captured it.</summary>
/// <param name="Url">The request's URL.</param>
/// <param name="Status">The HTTP status; 101 for a WebSocket frame.</param>
/// <param name="ContentType">The <c>Content-Type</c> header, if any.</param>
/// <param name="Headers">Every response header (names in lower case; repeated headers joined by newlines).</param>
/// <param name="Body">The body's bytes; null when the browser has none to give (redirects, aborted requests).</param>
/// <param name="Unavailable">Why <paramref name="Body"/> is null, or null when it is not.</param>
public sealed record RecordedResponse(
    string Url,
    int Status,
    string? ContentType,
    IReadOnlyDictionary<string, string> Headers,
    byte[]? Body,
    string? Unavailable)
{
    /// <summary>Whether the body is text (text/*, JSON, JavaScript, XML, forms, event streams) rather than binary.</summary>
    public bool IsText => ContentType is { } type
        && (type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || type.Contains("json", StringComparison.OrdinalIgnoreCase)
            || type.Contains("javascript", StringComparison.OrdinalIgnoreCase)
            || type.Contains("xml", StringComparison.OrdinalIgnoreCase)
            || type.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body as UTF-8 text when <see cref="IsText"/>; null otherwise.</summary>
    public string? Text => IsText && Body is not null ? Encoding.UTF8.GetString(Body) : null;

    /// <inheritdoc />
    public override string ToString() => $"{Status} {Url} ({ContentType ?? "no content type"}, {Body?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Unavailable} bytes)";
}
