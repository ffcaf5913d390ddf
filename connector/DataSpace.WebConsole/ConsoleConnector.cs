using System.Text.Json;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;

namespace DataSpace.WebConsole;

/// <summary>The connector's answer to one call: its status and JSON body, or the problem's detail.</summary>
internal sealed record ConnectorAnswer(int Status, JsonElement Body, string? Problem)
{
    public bool Ok => Status is >= 200 and < 300;
}

/// <summary>
/// The connector's signing key and log origin as the console trusts them: the key pinned with <c>--connector-key</c>
/// (and its default origin, as <c>dsc result get --connector-key</c>), or else the key the connector serves itself
/// (<see cref="Pinned"/> false: the pages say so); <see cref="Problem"/> when neither can be had.
/// </summary>
internal sealed record ConnectorTrust(PublicKey? Key, string? Origin, bool Pinned, string? Problem)
{
    public bool Ok => Problem is null && Key is not null && Origin is not null;
}

/// <summary>Who the console's key is on the connector: <c>GET /api/v1/whoami</c>.</summary>
internal sealed record ConsoleParty(string Party, string Name, string Role, string KeyId);

/// <summary>
/// The console's calls to the connector (or gateway): each signed with the party's key (RFC 9421), which stays in this
/// process. Pages call this; nothing else talks to the connector.
/// </summary>
internal sealed class ConsoleConnector(Uri baseAddress, SigningKey key, PublicKey? pinnedKey = null) : IDisposable
{
    private readonly HttpClient _client = new(new SigningHandler(key)) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    private ConsoleParty? _party;

    public Uri BaseAddress => baseAddress;

    /// <summary>The key this console signs with (for decrypting results and signing statements; never rendered).</summary>
    public SigningKey Key => key;

    /// <summary>The connector's key pinned with <c>dsc console --connector-key</c>; null when none was given.</summary>
    public PublicKey? PinnedKey => pinnedKey;

    /// <summary>
    /// The key and origin every check of a signature, receipt, checkpoint or export uses: the pinned key and its default
    /// origin when one was given, whatever the connector serves; else what <c>GET /api/v1/connector</c> serves.
    /// </summary>
    public async Task<ConnectorTrust> TrustAsync(CancellationToken cancellationToken)
    {
        if (pinnedKey is not null)
        {
            return new ConnectorTrust(pinnedKey, DataSpace.Crypto.Checkpoints.CheckpointNote.DefaultOrigin(pinnedKey), Pinned: true, Problem: null);
        }

        var about = await GetAsync("/api/v1/connector", cancellationToken).ConfigureAwait(false);
        if (!about.Ok)
        {
            return new ConnectorTrust(null, null, Pinned: false, $"the connector's key: {about.Problem ?? about.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        try
        {
            return new ConnectorTrust(
                PublicKey.ImportPem(about.Body.GetProperty("publicKeyPem").GetString() ?? ""), about.Body.GetProperty("logOrigin").GetString(), Pinned: false, Problem: null);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or KeyFormatException)
        {
            return new ConnectorTrust(null, null, Pinned: false, $"the connector's key as it serves it does not read: {e.Message}");
        }
    }

    public async Task<ConsoleParty> WhoAmIAsync(CancellationToken cancellationToken)
    {
        if (_party is { } known)
        {
            return known;
        }

        var answer = await GetAsync("/api/v1/whoami", cancellationToken).ConfigureAwait(false);
        if (!answer.Ok)
        {
            throw new InvalidOperationException($"the connector does not know this key ({answer.Status}): {answer.Problem}");
        }

        _party = new ConsoleParty(
            answer.Body.GetProperty("party").GetString()!, answer.Body.GetProperty("name").GetString()!,
            answer.Body.GetProperty("role").GetString()!, answer.Body.GetProperty("keyId").GetString()!);
        return _party;
    }

    public async Task<ConnectorAnswer> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every item of a list endpoint (docs/connector-service.md, "Lists"), page after page as the RFC 8288
    /// <c>Link: &lt;…&gt;; rel="next"</c> header leads, at most <paramref name="maxItems"/> of them; a page the connector
    /// refuses ends the walk with its problem.
    /// </summary>
    public async Task<ConnectorList> GetListAsync(string path, int maxItems, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        var items = new List<JsonElement>();
        string? next = path;
        while (next is not null && items.Count < maxItems)
        {
            using var response = await _client.GetAsync(new Uri(next, UriKind.Relative), cancellationToken).ConfigureAwait(false);
            var answer = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
            if (!answer.Ok || answer.Body.ValueKind != JsonValueKind.Array)
            {
                return new ConnectorList(items, answer.Problem ?? $"{answer.Status}: not a list", Truncated: false);
            }

            items.AddRange(answer.Body.EnumerateArray().Take(maxItems - items.Count));
            next = NextPage(response);
        }

        return new ConnectorList(items, null, Truncated: next is not null);
    }

    /// <summary>
    /// One page of a list endpoint (docs/connector-service.md, "Lists") and the cursor of the next, read from its RFC 8288
    /// <c>Link: &lt;…&gt;; rel="next"</c> header (null on the last page): a page that follows the connector's cursor, never an offset.
    /// </summary>
    public async Task<ConnectorPage> GetPageAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var answer = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        var next = answer.Ok ? NextPage(response) : null;
        var cursor = next is null ? null
            : Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(new Uri("http://connector"), next).Query).TryGetValue("cursor", out var value) ? value.ToString() : null;
        return new ConnectorPage(answer, cursor);
    }

    public async Task<byte[]> GetBytesAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ConnectorAnswer> PostAsync(string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await _client.PostAsync(new Uri(path, UriKind.Relative), body is null ? null : JsonContent.Create(body), cancellationToken)
            .ConfigureAwait(false);
        return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A POST that prefers an asynchronous answer (<c>Prefer: respond-async</c>, RFC 7240 §4.1): the connector's answer (202
    /// when it started the work) and its <c>Location</c>, a path on the connector (null when absent or pointing elsewhere:
    /// the console signs what it follows, so it follows nothing off the connector).
    /// </summary>
    public async Task<(ConnectorAnswer Answer, string? Location)> PostRespondAsync(string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Prefer", "respond-async");
        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var location = response.Headers.Location is { } target ? OnConnector(target.OriginalString) : null;
        return (await ReadAsync(response, cancellationToken).ConfigureAwait(false), location);
    }

    public async Task<ConnectorAnswer> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _client.DeleteAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The target of the <c>rel="next"</c> link (RFC 8288 §3), a path on the connector; null on the last page.</summary>
    private static string? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        foreach (var link in links.SelectMany(l => l.Split(',')))
        {
            var (open, close) = (link.IndexOf('<', StringComparison.Ordinal), link.IndexOf('>', StringComparison.Ordinal));
            if (open >= 0 && close > open && link[close..].Contains("rel=\"next\"", StringComparison.Ordinal))
            {
                return OnConnector(link[(open + 1)..close]);
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="target"/> when it is a path on the connector (absolute path, RFC 3986 §4.2); null for anything that
    /// could lead elsewhere: a URI with a scheme, a network-path reference (<c>//host</c>), or a backslash, which URI
    /// parsers read as a slash in http URIs.
    /// </summary>
    private static string? OnConnector(string target) =>
        target.StartsWith('/') && !target.StartsWith("//", StringComparison.Ordinal) && !target.Contains('\\', StringComparison.Ordinal) ? target : null;

    private static async Task<ConnectorAnswer> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonElement body = default;
        try
        {
            body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
        }

        var problem = response.IsSuccessStatusCode ? null
            : body.ValueKind == JsonValueKind.Object && body.TryGetProperty("detail", out var detail) ? detail.GetString() : text;
        return new ConnectorAnswer((int)response.StatusCode, body, problem);
    }
}
