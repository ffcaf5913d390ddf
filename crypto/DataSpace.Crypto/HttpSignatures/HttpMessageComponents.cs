using System.Globalization;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>
/// An HTTP request or response as plain data, the material of RFC 9421 signatures: the request's method and target
/// URI parts, or the response's status, and the header fields (case-insensitive name, values in order). Hosts adapt
/// their own message type (HttpRequestMessage, HttpRequest) to it; nothing here knows HTTP libraries.
/// </summary>
public sealed class HttpMessageComponents
{
    private static readonly char[] FieldWhitespace = [' ', '\t'];

    private readonly Dictionary<string, List<string>> _headers = new(StringComparer.OrdinalIgnoreCase);

    private HttpMessageComponents()
    {
    }

    /// <summary>The request method as sent (for example <c>POST</c>); null for a response.</summary>
    public string? Method { get; private init; }

    /// <summary>The lowercase URI scheme (<c>https</c>); null for a response.</summary>
    public string? Scheme { get; private init; }

    /// <summary>The lowercase host with the port unless it is the scheme's default; null for a response.</summary>
    public string? Authority { get; private init; }

    /// <summary>The absolute path as sent, percent-encoding kept (<c>/foo</c>); null for a response.</summary>
    public string? Path { get; private init; }

    /// <summary>The query without its leading <c>?</c>; null when the target has none.</summary>
    public string? Query { get; private init; }

    /// <summary>The response status code; null for a request.</summary>
    public int? Status { get; private init; }

    /// <summary>
    /// The message content when it has one, for checking <c>Content-Digest</c>. Null or empty means no content:
    /// then the verifier does not ask for <c>content-digest</c> to be covered.
    /// </summary>
    public ReadOnlyMemory<byte>? Content { get; private set; }

    /// <summary>True when <see cref="Content"/> holds at least one byte.</summary>
    public bool HasContent => Content is { Length: > 0 };

    /// <summary>The header field names present, in the case first added.</summary>
    public IEnumerable<string> HeaderNames => _headers.Keys;

    /// <summary>A request to an absolute URI: scheme, authority, path and query are taken from it.</summary>
    public static HttpMessageComponents ForRequest(string method, Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!target.IsAbsoluteUri)
        {
            throw new ArgumentException("the target URI must be absolute", nameof(target));
        }

        var query = target.Query;
        return ForRequest(
            method,
            target.Scheme,
            target.GetComponents(UriComponents.HostAndPort, UriFormat.UriEscaped),
            target.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.UriEscaped),
            query.Length == 0 ? null : query[1..]);
    }

    /// <summary>
    /// A request as a server received it: <paramref name="rawTarget"/> is the request target exactly as it arrived
    /// (path, then <c>?query</c> if any), never a re-parsed URI, which could differ from what the client signed.
    /// </summary>
    public static HttpMessageComponents ForRawTarget(string method, string scheme, string authority, string rawTarget)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        return queryStart < 0
            ? ForRequest(method, scheme, authority, rawTarget, null)
            : ForRequest(method, scheme, authority, rawTarget[..queryStart], rawTarget[(queryStart + 1)..]);
    }

    /// <summary>A request from its parts; <paramref name="query"/> without the leading <c>?</c>, null for none.</summary>
    public static HttpMessageComponents ForRequest(string method, string scheme, string authority, string path, string? query)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentException.ThrowIfNullOrEmpty(authority);
        ArgumentNullException.ThrowIfNull(path);
        foreach (var c in method)
        {
            if (!StructuredFields.SfParser.IsTChar(c))
            {
                throw new ArgumentException($"'{method}' is not an HTTP method token", nameof(method));
            }
        }

        scheme = scheme.ToLowerInvariant();
        return new HttpMessageComponents
        {
            Method = method,
            Scheme = scheme,
            Authority = NormaliseAuthority(scheme, authority),
            Path = path.Length == 0 ? "/" : path,
            Query = query,
        };
    }

    /// <summary>A response with its status code (100 to 999).</summary>
    public static HttpMessageComponents ForResponse(int status)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 999);
        return new HttpMessageComponents { Status = status };
    }

    /// <summary>Adds one field line; call again for repeated lines. Returns this message, for chaining.</summary>
    public HttpMessageComponents AddHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in name)
        {
            if (!StructuredFields.SfParser.IsTChar(c))
            {
                throw new ArgumentException($"'{name}' is not an HTTP field name", nameof(name));
            }
        }

        if (!_headers.TryGetValue(name, out var values))
        {
            values = [];
            _headers.Add(name, values);
        }

        values.Add(value);
        return this;
    }

    /// <summary>Sets the content (the body as sent). Returns this message, for chaining.</summary>
    public HttpMessageComponents SetContent(ReadOnlyMemory<byte> content)
    {
        Content = content;
        return this;
    }

    /// <summary>Removes every line of the field; false when it was absent.</summary>
    public bool RemoveHeader(string name) => _headers.Remove(name);

    /// <summary>The field's lines as added, or an empty list when it is absent.</summary>
    public IReadOnlyList<string> GetHeaderValues(string name) =>
        _headers.TryGetValue(name, out var values) ? values : [];

    /// <summary>
    /// The canonical value of a field (RFC 9421 section 2.1): each line's value with leading and trailing spaces
    /// and tabs removed, lines joined with ", ". Null when the field is absent. A value holding CR, LF or NUL is
    /// refused: it could forge extra lines in the signature base.
    /// </summary>
    public string? GetCanonicalHeader(string name)
    {
        if (!_headers.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        var canonical = values.Count == 1
            ? values[0].Trim(FieldWhitespace)
            : string.Join(", ", values.Select(v => v.Trim(FieldWhitespace)));
        if (canonical.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new HttpSignatureException($"header field '{name.ToLowerInvariant()}' holds CR, LF or NUL");
        }

        return canonical;
    }

    /// <summary>
    /// The value of a derived component (RFC 9421 section 2.2), or null when this message has none (a request
    /// component of a response, or the other way round). An unknown name is an <see cref="HttpSignatureException"/>.
    /// </summary>
    internal string? GetDerivedComponent(string name) => name switch
    {
        // RFC 9421 section 2.2.1
        "@method" => Method,
        // RFC 9421 section 2.2.2
        "@target-uri" => Scheme is null ? null : $"{Scheme}://{Authority}{Path}{QuerySuffix}",
        // RFC 9421 section 2.2.3
        "@authority" => Authority,
        // RFC 9421 section 2.2.4
        "@scheme" => Scheme,
        // RFC 9421 section 2.2.5
        "@request-target" => Path is null ? null : $"{Path}{QuerySuffix}",
        // RFC 9421 section 2.2.6
        "@path" => Path,
        // RFC 9421 section 2.2.7: an absent query is the empty query, "?"
        "@query" => Path is null ? null : "?" + Query,
        // RFC 9421 section 2.2.9
        "@status" => Status?.ToString("D3", CultureInfo.InvariantCulture),
        _ => throw new HttpSignatureException($"derived component '{name}' is not supported: expected one of {string.Join(", ", DerivedComponents)}"),
    };

    /// <summary>The derived components this implementation resolves.</summary>
    internal static IReadOnlyList<string> DerivedComponents { get; } =
        ["@method", "@target-uri", "@authority", "@scheme", "@request-target", "@path", "@query", "@status"];

    private string QuerySuffix => Query is null ? "" : "?" + Query;

    // RFC 9421 section 2.2.3: lowercase host, default port omitted (RFC 9110 section 4.2.3).
    private static string NormaliseAuthority(string scheme, string authority)
    {
        authority = authority.ToLowerInvariant();
        var defaultPort = scheme switch
        {
            "https" => ":443",
            "http" => ":80",
            _ => null,
        };
        return defaultPort is not null && authority.EndsWith(defaultPort, StringComparison.Ordinal)
            ? authority[..^defaultPort.Length]
            : authority;
    }
}
