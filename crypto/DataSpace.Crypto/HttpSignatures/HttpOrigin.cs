namespace DataSpace.Crypto.HttpSignatures;

/// <summary>
/// An origin as signatures see it (RFC 9421 sections 2.2.2 to 2.2.4): the lowercase scheme, and the authority in the
/// form <c>@authority</c> takes, lowercase host with the port unless it is the scheme's default.
/// </summary>
public readonly record struct HttpOrigin(string Scheme, string Authority)
{
    /// <summary>
    /// Parses an absolute <c>http</c> or <c>https</c> origin (<c>https://data.example</c>, <c>http://127.0.0.1:8080</c>);
    /// a path other than <c>/</c>, a query, a fragment or user information is refused, naming what is wrong.
    /// </summary>
    public static bool TryParse(string? text, out HttpOrigin origin, out string error)
    {
        origin = default;
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            error = $"'{text}' is not an absolute http or https origin such as https://data.example";
            return false;
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            error = $"'{text}' is not an origin: give only the scheme, host and port, without path, query, fragment or user";
            return false;
        }

        origin = Of(uri.Scheme, uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}");
        error = "";
        return true;
    }

    /// <summary>The origin of <paramref name="scheme"/> and <paramref name="authority"/> (a Host field value), normalised.</summary>
    public static HttpOrigin Of(string scheme, string authority)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentException.ThrowIfNullOrEmpty(authority);
        scheme = scheme.ToLowerInvariant();
        authority = authority.ToLowerInvariant();
        var defaultPort = scheme switch
        {
            "https" => ":443",
            "http" => ":80",
            _ => null,
        };
        return new HttpOrigin(
            scheme,
            defaultPort is not null && authority.EndsWith(defaultPort, StringComparison.Ordinal) ? authority[..^defaultPort.Length] : authority);
    }

    /// <summary><c>scheme://authority</c>.</summary>
    public override string ToString() => $"{Scheme}://{Authority}";
}
