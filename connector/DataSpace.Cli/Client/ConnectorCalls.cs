using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Client;

/// <summary>
/// Calls to a connector, signed with the caller's key when there is one (RFC 9421, <see cref="SigningHandler"/>).
/// An error status becomes a <see cref="ConnectorRefusedException"/> carrying the connector's problem detail and traceId
/// (exit 3); a connector that cannot be reached becomes an <see cref="IOException"/> (exit 4).
/// </summary>
internal sealed class ConnectorCalls : IDisposable
{
    private readonly HttpClient _client;

    public ConnectorCalls(Uri baseAddress, SigningKey? key, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        _client = new HttpClient(key is null ? new SocketsHttpHandler() : new SigningHandler(key))
        {
            BaseAddress = baseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
        };
    }

    public Uri BaseAddress => _client.BaseAddress!;

    /// <summary>A connector's base address from --url: an absolute http or https URL.</summary>
    public static Uri ParseBaseAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new CliInputException($"--url '{url}' is not an http or https address of a connector");

    /// <summary>The body of a successful GET.</summary>
    public Task<byte[]> GetBytesAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    /// <summary>The body of a successful GET as UTF-8 text.</summary>
    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken) =>
        Encoding.UTF8.GetString(await GetBytesAsync(path, cancellationToken));

    /// <summary>The body of a successful GET parsed as JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string path, CancellationToken cancellationToken) =>
        Parse(await GetBytesAsync(path, cancellationToken), path);

    /// <summary>
    /// Every item of a paged list (docs/connector-service.md, "Lists"): GETs <paramref name="path"/> and then each RFC 8288
    /// <c>Link: &lt;…&gt;; rel="next"</c> the connector answers with, joining the pages' arrays into one.
    /// </summary>
    public async Task<JsonElement> GetAllPagesAsync(string path, CancellationToken cancellationToken)
    {
        var all = new System.Text.Json.Nodes.JsonArray();
        string? next = path;
        while (next is not null)
        {
            var (body, link) = await SendForLinkAsync(next, cancellationToken);
            var page = Parse(body, next);
            if (page.ValueKind != JsonValueKind.Array)
            {
                return page;
            }

            foreach (var item in page.EnumerateArray())
            {
                all.Add(System.Text.Json.Nodes.JsonNode.Parse(item.GetRawText()));
            }

            next = link;
        }

        return JsonDocument.Parse(all.ToJsonString()).RootElement.Clone();
    }

    /// <summary>The body of a GET and the target of its <c>rel="next"</c> link, if any.</summary>
    private async Task<(byte[] Body, string? Next)> SendForLinkAsync(string path, CancellationToken cancellationToken)
    {
        string? next = null;
        var body = await SendAsync(HttpMethod.Get, path, null, cancellationToken, response =>
        {
            if (response.Headers.TryGetValues("Link", out var links))
            {
                foreach (var link in links)
                {
                    var end = link.IndexOf('>', StringComparison.Ordinal);
                    if (link.StartsWith('<') && end > 1 && link[(end + 1)..].Contains("rel=\"next\"", StringComparison.Ordinal))
                    {
                        next = link[1..end];
                    }
                }
            }
        });
        return (body, next);
    }

    /// <summary>POSTs <paramref name="body"/> as JSON (or nothing); the answer parsed as JSON, or an undefined element when it is empty.</summary>
    public async Task<JsonElement> PostJsonAsync(string path, object? body, CancellationToken cancellationToken) =>
        Parse(await SendAsync(HttpMethod.Post, path, body is null ? null : JsonContent.Create(body, options: CliJson.Options), cancellationToken), path);

    /// <summary>DELETEs <paramref name="path"/>; a refusal throws as every call's does.</summary>
    public async Task DeleteAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    public void Dispose() => _client.Dispose();

    private async Task<byte[]> SendAsync(
        HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, Action<HttpResponseMessage>? onSuccess = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new IOException($"cannot reach the connector at {_client.BaseAddress}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"the connector at {_client.BaseAddress} did not answer within {_client.Timeout.TotalSeconds:0} s", e);
        }

        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                onSuccess?.Invoke(response);
                return bytes;
            }

            var (detail, traceId) = Problem(Encoding.UTF8.GetString(bytes), response.ReasonPhrase);
            throw new ConnectorRefusedException((int)response.StatusCode, detail, traceId);
        }
    }

    /// <summary>
    /// An RFC 9457 problem's detail (or title), else the body, else the status's reason phrase; and its <c>traceId</c>,
    /// which names the request in the connector's (or gateway's) log.
    /// </summary>
    private static (string Detail, string? TraceId) Problem(string body, string? reason)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.ValueKind == JsonValueKind.Object)
            {
                var traceId = problem.RootElement.TryGetProperty("traceId", out var trace) && trace.ValueKind == JsonValueKind.String ? trace.GetString() : null;
                foreach (var name in (ReadOnlySpan<string>)["detail", "title"])
                {
                    if (problem.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        return (value.GetString()!, traceId);
                    }
                }

                if (traceId is not null)
                {
                    return (reason ?? "no detail", traceId);
                }
            }
        }
        catch (JsonException)
        {
        }

        return (body.Length > 0 ? body.Trim() : reason ?? "no detail", null);
    }

    private static JsonElement Parse(byte[] body, string path)
    {
        if (body.Length == 0)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CliInputException($"the connector's answer to {path} is not JSON: {e.Message}");
        }
    }
}
