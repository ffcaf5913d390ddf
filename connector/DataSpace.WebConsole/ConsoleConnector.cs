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
