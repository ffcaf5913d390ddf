using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>
/// The origins a server answers for (docs/http-signatures.md, "Origins"): a signed request's <c>@target-uri</c> and
/// <c>@authority</c> are rebuilt from one of them, never from what the request says, so a request signed for another
/// server (another supplier, or this supplier's gateway when this is its connector) does not verify here. The
/// request's <c>Host</c> only picks among them: a host that is none of them is refused before any verification.
/// </summary>
public sealed class PublicOrigins
{
    private readonly HttpOrigin[] _origins;

    private PublicOrigins(HttpOrigin[] origins)
    {
        _origins = origins;
    }

    /// <summary>The origins, normalised, each once.</summary>
    public IReadOnlyList<HttpOrigin> Origins => _origins;

    /// <summary>The configured origins; a value that is not an origin is a <see cref="FormatException"/> naming it.</summary>
    public static PublicOrigins Parse(IEnumerable<string> origins)
    {
        ArgumentNullException.ThrowIfNull(origins);
        var parsed = new List<HttpOrigin>();
        foreach (var text in origins)
        {
            if (!HttpOrigin.TryParse(text, out var origin, out var error))
            {
                throw new FormatException(error);
            }

            Add(parsed, origin);
        }

        return parsed.Count > 0 ? new PublicOrigins([.. parsed]) : throw new FormatException("no origin is given");
    }

    /// <summary>
    /// The default: the origins of the addresses the server listens on (as Kestrel reports them, with the real port).
    /// A loopback address also answers as <c>localhost</c>; a wildcard (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>,
    /// <c>*</c>) as <c>localhost</c>, the loopback addresses, the machine's host name and its interfaces' addresses.
    /// A name the machine cannot know (a DNS name, a proxy's, a published port) must be configured.
    /// </summary>
    public static PublicOrigins FromListeningUrls(IEnumerable<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var origins = new List<HttpOrigin>();
        foreach (var url in urls)
        {
            // Kestrel's wildcard forms are not URIs: "http://+:80", "http://*:80".
            var text = url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new FormatException($"'{url}' is not an http or https address to listen on");
            }

            foreach (var host in HostsOf(uri.Host))
            {
                Add(origins, HttpOrigin.Of(uri.Scheme, $"{host}:{uri.Port}"));
            }
        }

        return origins.Count > 0 ? new PublicOrigins([.. origins]) : throw new FormatException("no listening address is given");
    }

    /// <summary>
    /// The origin a request with <paramref name="host"/> (its <c>Host</c> field) received over
    /// <paramref name="scheme"/> is for: the one whose authority is the host, preferring the same scheme (a TLS proxy in
    /// front may have spoken https for an http listener). Null when the host is none of ours, or absent.
    /// </summary>
    public HttpOrigin? Find(string? host, string scheme)
    {
        if (string.IsNullOrEmpty(host))
        {
            return null;
        }

        HttpOrigin? found = null;
        foreach (var origin in _origins)
        {
            if (string.Equals(HttpOrigin.Of(origin.Scheme, host).Authority, origin.Authority, StringComparison.Ordinal))
            {
                if (string.Equals(origin.Scheme, scheme, StringComparison.OrdinalIgnoreCase))
                {
                    return origin;
                }

                found ??= origin;
            }
        }

        return found;
    }

    /// <summary>The origins, comma-separated, for messages.</summary>
    public override string ToString() => string.Join(", ", _origins);

    private static void Add(List<HttpOrigin> origins, HttpOrigin origin)
    {
        if (!origins.Contains(origin))
        {
            origins.Add(origin);
        }
    }

    private static IEnumerable<string> HostsOf(string host)
    {
        if (host == "localhost")
        {
            return ["localhost", "127.0.0.1", "[::1]"];
        }

        if (!IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return [host];
        }

        if (IPAddress.IsLoopback(address))
        {
            return [host, "localhost"];
        }

        if (!address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
        {
            return [host];
        }

        var hosts = new List<string> { "localhost", "127.0.0.1", "[::1]", Dns.GetHostName().ToLowerInvariant() };
        foreach (var network in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (network.OperationalStatus != OperationalStatus.Up)
            {
                continue;
            }

            foreach (var unicast in network.GetIPProperties().UnicastAddresses)
            {
                var ip = unicast.Address;
                if (ip.AddressFamily == AddressFamily.InterNetwork || (ip.AddressFamily == AddressFamily.InterNetworkV6 && !ip.IsIPv6LinkLocal && ip.ScopeId == 0))
                {
                    hosts.Add(ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString());
                }
            }
        }

        return hosts;
    }
}
