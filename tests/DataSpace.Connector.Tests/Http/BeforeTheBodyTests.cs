using System.Text;
using DataSpace.Connector.Http;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.Signatures;
using DataSpace.Tests.Common;

namespace DataSpace.Connector.Tests.Http;

/// <summary>
/// docs/connector-service.md, "Bodies" and "Origins": the header fields are judged before a byte of the body is read
/// (over a raw socket announcing a body it never sends: a connector that read first would not answer), refusals are
/// counted per address, HTTP/1.0 without <c>Host</c> is a 400 problem, and a signature is for this connector's origins.
/// </summary>
[Collection(DataSpace.Connector.Tests.Telemetry.AloneCollection.Name)]
public sealed class BeforeTheBodyTests : IAsyncLifetime
{
    private const long QuarterGigabyte = 250L * 1024 * 1024;

    private readonly TempDirectory _files = new();
    private ConnectorServer _server = null!;
    private SigningKey _supplier = null!;

    public async Task InitializeAsync()
    {
        _server = await ConnectorServer.StartAsync(_files.Combine("data"), [("RateLimit:RefusedPermitsPerSecond", "1"), ("RateLimit:RefusedBurst", "3")]);
        _supplier = KeyFiles.LoadSigningKey(Path.Combine(_server.DataDirectory, "keys", "connector.key"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _supplier.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task UnsignedBodyOf250MiB_Is401WithoutReadingIt()
    {
        var response = await SendAsync(Head("/api/v1/datasets", $"Content-Length: {QuarterGigabyte}\r\n"));

        Assert.Equal(401, response.Status);
        Assert.Equal("Signature", response.Header("WWW-Authenticate"));
    }

    [Fact]
    public async Task UnsignedBodyBeingSent_IsCutOffAfterTheAnswer()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var response = await RawHttp.SendAsync(
            _server.BaseAddress, Head("/api/v1/datasets", $"Content-Length: {QuarterGigabyte}\r\n"), QuarterGigabyte, cancellationToken: timeout.Token);

        Assert.Equal(401, response.Status);
        Assert.InRange(response.BodyBytesSent, 0, 32L * 1024 * 1024);
    }

    [Fact]
    public async Task SignedBodyDeclaredOverTheLimit_Is413WithoutReadingIt()
    {
        var signed = await SignAsync(new Uri(_server.BaseAddress, "/api/v1/datasets"), new string('x', 2 * 1024 * 1024));

        var response = await SendAsync(Head("/api/v1/datasets", signed.SignatureLines() + $"Content-Length: {signed.Body.Length}\r\n"));

        Assert.Equal(413, response.Status);
        Assert.Contains("1048576", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayedSignatureWithABody_IsRefusedBeforeTheBody()
    {
        var signed = await SignAsync(new Uri(_server.BaseAddress, "/api/v1/datasets"), "{}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var first = await RawHttp.SendAsync(
            _server.BaseAddress, Head("/api/v1/datasets", signed.SignatureLines() + "Content-Length: 2\r\n") + "{}", cancellationToken: timeout.Token);
        Assert.Equal(400, first.Status);

        var replayed = await SendAsync(Head("/api/v1/datasets", signed.SignatureLines() + "Content-Length: 2\r\n"));

        Assert.Equal(401, replayed.Status);
        Assert.Contains("request signature refused (Replayed)", replayed.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedForAnotherHost_SentWithThatHost_Is401UnknownOrigin()
    {
        var signed = await SignAsync(new Uri("http://supplier-b.example:8080/api/v1/datasets"), "{}");

        var response = await SendAsync(
            $"POST /api/v1/datasets HTTP/1.1\r\nHost: supplier-b.example:8080\r\nContent-Type: application/json\r\n{signed.SignatureLines()}Content-Length: 2\r\n\r\n{{}}");

        Assert.Equal(401, response.Status);
        Assert.Contains("(UnknownOrigin)", response.Body, StringComparison.Ordinal);
        Assert.Contains("Connector:PublicOrigins", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredOrigin_IsTheOneSignedFor()
    {
        await using var server = await ConnectorServer.StartAsync(settings: [("PublicOrigins:0", "https://connector.internal")]);
        using var supplier = KeyFiles.LoadSigningKey(Path.Combine(server.DataDirectory, "keys", "connector.key"));
        var forOrigin = await SignAsync(new Uri("https://connector.internal/api/v1/parties"), body: null, supplier);
        var forAddress = await SignAsync(new Uri(server.BaseAddress, "/api/v1/parties"), body: null, supplier);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var accepted = await RawHttp.SendAsync(
            server.BaseAddress, $"GET /api/v1/parties HTTP/1.1\r\nHost: connector.internal\r\n{forOrigin.SignatureLines()}\r\n", cancellationToken: timeout.Token);
        var refused = await RawHttp.SendAsync(
            server.BaseAddress, $"GET /api/v1/parties HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\n{forAddress.SignatureLines()}\r\n", cancellationToken: timeout.Token);

        Assert.Equal(200, accepted.Status);
        Assert.Equal(401, refused.Status);
        Assert.Contains("(UnknownOrigin)", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http10WithoutHost_Is400ProblemWithoutStackTrace_AndCountedByTheRateLimiter()
    {
        // The limiter refills one permit a second: the four requests must fall within one second for the fourth to find
        // the burst spent. A machine too loaded for that gets a fresh window (the bucket full again) and another try.
        var answers = new List<RawHttpResponse>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            answers.Clear();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < 4; i++)
            {
                answers.Add(await SendAsync("GET /api/v1/catalog HTTP/1.0\r\n\r\n"));
            }

            if (clock.Elapsed < TimeSpan.FromSeconds(0.9))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(4));
        }

        Assert.Equal([400, 400, 400, 429], answers.Select(answer => answer.Status));
        Assert.StartsWith("application/problem+json", answers[0].Header("Content-Type"), StringComparison.Ordinal);
        Assert.Contains("names no host", answers[0].Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", answers[0].Body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", answers[0].Body, StringComparison.Ordinal);
        Assert.NotNull(answers[3].Header("Retry-After"));
    }

    [Fact]
    public async Task UnsignedBodies_AreCountedBeforeTheirBodies()
    {
        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await SendAsync(Head("/api/v1/datasets", $"Content-Length: {QuarterGigabyte}\r\n"))).Status);
        }

        Assert.Equal([401, 401, 401, 429], statuses);
    }

    private string Head(string target, string fields) =>
        $"POST {target} HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nContent-Type: application/json\r\n{fields}\r\n";

    private async Task<RecordingHandler> SignAsync(Uri target, string? body, SigningKey? key = null)
    {
        var recorder = new RecordingHandler();
        using var client = new HttpClient(new SigningHandler(key ?? _supplier, inner: recorder));
        using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, target);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        return recorder;
    }

    /// <summary>Sends the head (and whatever follows it in <paramref name="text"/>); 10 s is the test's patience, not a measure.</summary>
    private async Task<RawHttpResponse> SendAsync(string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await RawHttp.SendAsync(_server.BaseAddress, text, cancellationToken: timeout.Token);
    }
}
