using System.Text.Json;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;

namespace DataSpace.WebConsole;

/// <summary>The connector's answer to one call: its status and JSON body, or the problem's detail.</summary>
internal sealed record ConnectorAnswer(int Status, JsonElement Body, string? Problem)
{
    public bool Ok => Status is >= 200 and < 300;
}

/// <summary>Who the console's key is on the connector: <c>GET /api/v1/whoami</c>.</summary>
internal sealed record ConsoleParty(string Party, string Name, string Role, string KeyId);

/// <summary>
/// The console's calls to the connector (or gateway): each signed with the party's key (RFC 9421), which stays in this
/// process. Pages call this; nothing else talks to the connector.
/// </summary>
internal sealed class ConsoleConnector(Uri baseAddress, SigningKey key) : IDisposable
{
    private readonly HttpClient _client = new(new SigningHandler(key)) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    private ConsoleParty? _party;

    public Uri BaseAddress => baseAddress;

    /// <summary>The key this console signs with (for decrypting results and signing statements; never rendered).</summary>
    public SigningKey Key => key;

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
                var target = link[(open + 1)..close];
                return target.StartsWith('/') && !target.StartsWith("//", StringComparison.Ordinal) ? target : null;
            }
        }

        return null;
    }

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
