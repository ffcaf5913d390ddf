using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;

namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>
/// A party talking to a connector directly with signed requests (RFC 9421, the connector's own
/// <see cref="SigningHandler"/>), keeping every response body in <see cref="Bodies"/> for the raw-value scan.
/// </summary>
internal sealed class SignedClient(SigningKey key, Uri baseAddress, List<string> bodies) : IDisposable
{
    private readonly HttpClient _client = new(new SigningHandler(key)) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public List<string> Bodies => bodies;

    public Task<JsonElement> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        SendAsync(HttpMethod.Get, path, null, expected);

    public Task<JsonElement> PostAsync(string path, object? body, HttpStatusCode expected) =>
        SendAsync(HttpMethod.Post, path, body, expected);

    /// <summary>Sends, fails with the answer unless it has status <paramref name="expected"/>, and returns the JSON body.</summary>
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        bodies.Add(text);
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Sends a signed request and returns only its status (for a server that may be down or refusing).</summary>
    public async Task<HttpStatusCode> SendRawAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await _client.SendAsync(request);
        bodies.Add(await response.Content.ReadAsStringAsync());
        return response.StatusCode;
    }

    /// <summary>
    /// Polls <c>GET <paramref name="path"/></c> until it has answered 200 without a break for <paramref name="steady"/>;
    /// returns when that run of 200s began.
    /// </summary>
    public async Task<TimeSpan> UntilSteadyAsync(string path, TimeSpan steady, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan? okSince = null;
        var last = default(HttpStatusCode);
        while (clock.Elapsed < timeout)
        {
            last = await SendRawAsync(HttpMethod.Get, path);
            okSince = last == HttpStatusCode.OK ? okSince ?? clock.Elapsed : null;
            if (okSince is { } since && clock.Elapsed - since >= steady)
            {
                return since;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"GET {path} did not answer 200 steadily for {steady.TotalSeconds:0} s within {timeout.TotalSeconds:0} s (last: {(int)last})");
        return clock.Elapsed;
    }

    /// <summary>The log export (a zip) extracted into <paramref name="folder"/>; its files are kept for the scan.</summary>
    public async Task ExportAuditLogAsync(string folder)
    {
        using var response = await _client.GetAsync("/api/v1/audit/export");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/v1/audit/export: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        System.IO.Compression.ZipFile.ExtractToDirectory(await response.Content.ReadAsStreamAsync(), folder);
        foreach (var file in Directory.GetFiles(folder))
        {
            bodies.Add(await File.ReadAllTextAsync(file));
        }
    }

    /// <summary>Polls the job until it is in one of <paramref name="states"/>; fails on another final state or after <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> WaitForJobAsync(string job, TimeSpan timeout, params string[] states)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var current = await GetAsync("/api/v1/jobs/" + Uri.EscapeDataString(job));
            var state = current.GetProperty("state").GetString()!;
            if (states.Contains(state))
            {
                return current;
            }

            Assert.False(state is "Released" or "Refused" or "Failed", $"job {job} ended {state} while waiting for {string.Join(" or ", states)}: {current.GetRawText()}");
            Assert.True(DateTime.UtcNow < deadline, $"job {job} still {state} after {timeout.TotalSeconds:0} s: {current.GetRawText()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls the log (as supplier or auditor) until it holds an entry <paramref name="action"/> on <paramref name="resource"/>.</summary>
    public async Task WaitForLogEntryAsync(string action, string resource, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var entries = await GetAsync("/api/v1/audit/entries?start=0&count=1000");
            if (entries.GetProperty("leaves").EnumerateArray().Any(l => Entry(l.GetString()!) == (action, resource)))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {action} of {resource} in the log after {timeout.TotalSeconds:0} s");
            await Task.Delay(50);
        }
    }

    /// <summary>The action and resource of a log leaf (docs/audit-log.md).</summary>
    public static (string? Action, string? Resource) Entry(string leaf)
    {
        using var document = JsonDocument.Parse(leaf);
        var entry = document.RootElement.GetProperty("entry");
        return (entry.GetProperty("action").GetString(), entry.TryGetProperty("resource", out var resource) ? resource.GetString() : null);
    }

    public void Dispose() => _client.Dispose();
}
