using System.Net;
using System.Text;
using DataSpace.Connector.Http;
using DataSpace.Crypto.HttpSignatures;
using DataSpace.Gateway.Tests.Support;
using DataSpace.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Gateway.Tests.Authentication;

/// <summary>
/// docs/gateway.md, "Bodies": the header fields are judged (signature, key, created, nonce, rate limits, declared size)
/// before a byte of the body is read, over a raw socket that announces a body and never sends it: a gateway that read
/// first would not answer at all.
/// </summary>
public sealed class BeforeTheBodyTests(GatewayStackFixture fixture) : IClassFixture<GatewayStackFixture>
{
    private const long QuarterGigabyte = 250L * 1024 * 1024;

    private GatewayStack Stack => fixture.Stack;

    [Fact]
    public async Task UnsignedBodyOf250MiB_Is401WithoutReadingIt()
    {
        var response = await SendAsync(Head("POST", "/api/v1/agreements?t=unsigned-large", $"Content-Length: {QuarterGigabyte}\r\n"));

        Assert.Equal(401, response.Status);
        Assert.DoesNotContain(Stack.Seen, s => s.Target.Contains("t=unsigned-large", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnsignedChunkedBody_Is401WithoutReadingIt()
    {
        var response = await SendAsync(Head("POST", "/api/v1/agreements?t=unsigned-chunked", "Transfer-Encoding: chunked\r\n"));

        Assert.Equal(401, response.Status);
    }

    [Fact]
    public async Task UnsignedBodyBeingSent_IsCutOffAfterTheAnswer()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var response = await RawHttp.SendAsync(
            Stack.GatewayAddress, Head("POST", "/api/v1/agreements", $"Content-Length: {QuarterGigabyte}\r\n"), QuarterGigabyte, cancellationToken: timeout.Token);

        // What the socket buffers took before the gateway closed the connection, not the body.
        Assert.Equal(401, response.Status);
        Assert.InRange(response.BodyBytesSent, 0, 32L * 1024 * 1024);
    }

    [Fact]
    public async Task SignedBodyDeclaredOverTheLimit_Is413WithoutReadingIt()
    {
        var body = new string('x', 2 * 1024 * 1024);
        var signed = await SignAsync("/api/v1/agreements?t=signed-large", body);

        var response = await SendAsync(Head("POST", "/api/v1/agreements?t=signed-large", signed.SignatureLines() + $"Content-Length: {body.Length}\r\n"));

        Assert.Equal(413, response.Status);
        Assert.Contains("1048576", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayedSignatureWithABody_IsRefusedBeforeTheBody()
    {
        var signed = await SignAsync("/api/v1/agreements?t=replay-body", "{\"statement\":1}");
        using (var first = new HttpClient { BaseAddress = Stack.GatewayAddress })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agreements?t=replay-body") { Content = new ByteArrayContent(signed.Body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            foreach (var name in (string[])["Signature-Input", "Signature", "Content-Digest"])
            {
                request.Headers.TryAddWithoutValidation(name, signed.Headers[name]);
            }

            using var accepted = await first.SendAsync(request);
            Assert.NotEqual(HttpStatusCode.Unauthorized, accepted.StatusCode);
        }

        var response = await SendAsync(Head("POST", "/api/v1/agreements?t=replay-body", signed.SignatureLines() + $"Content-Length: {signed.Body.Length}\r\n"));

        Assert.Equal(401, response.Status);
        Assert.Contains("(Replayed)", response.Body, StringComparison.Ordinal);
        Assert.Single(Stack.Seen, s => s.Target.Contains("t=replay-body", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BodiesBeyondTheBudget_Get503WhileTheFirstIsHeld()
    {
        await using var stack = await GatewayStack.StartAsync(
            1, ("MaxRequestBodyBytes", "65536"), ("MaxUploadBytes", "65536"), ("MaxBufferedBodyBytes", "65536"));
        var budget = stack.Gateway.Services.GetRequiredService<ContentBudget>();
        var held = await SignAsync(stack, "/api/v1/agreements?t=held", new string('x', 65536));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // 40 KiB of 64 KiB sent: the gateway holds both of its 32 KiB segments, waiting for the rest.
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(stack.GatewayAddress.Host, stack.GatewayAddress.Port, timeout.Token);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Head(stack, "POST", "/api/v1/agreements?t=held", held.SignatureLines() + "Content-Length: 65536\r\n")), timeout.Token);
        await stream.WriteAsync(held.Body.AsMemory(0, 40 * 1024), timeout.Token);
        while (budget.InUse < budget.Capacity)
        {
            await Task.Delay(10, timeout.Token);
        }

        var second = await SignAsync(stack, "/api/v1/agreements?t=second", "{\"statement\":1}");
        var refused = await RawHttp.SendAsync(
            stack.GatewayAddress,
            Head(stack, "POST", "/api/v1/agreements?t=second", second.SignatureLines() + $"Content-Length: {second.Body.Length}\r\n") + Encoding.ASCII.GetString(second.Body),
            cancellationToken: timeout.Token);

        Assert.Equal(503, refused.Status);
        Assert.Equal("1", refused.Header("Retry-After"));
        Assert.Contains("Gateway:MaxBufferedBodyBytes", refused.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(stack.Seen, s => s.Target.Contains("t=second", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnsignedBodies_AreCountedBeforeTheirBodies()
    {
        await using var stack = await GatewayStack.StartAsync(
            1, ("RateLimit:UnauthenticatedPermitsPerSecond", "1"), ("RateLimit:UnauthenticatedBurst", "2"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var response = await RawHttp.SendAsync(
                stack.GatewayAddress, Head(stack, "POST", "/api/v1/agreements", $"Content-Length: {QuarterGigabyte}\r\n"), cancellationToken: timeout.Token);
            statuses.Add(response.Status);
        }

        Assert.Equal([401, 401, 429], statuses);
    }

    private static string Head(GatewayStack stack, string method, string target, string fields) =>
        $"{method} {target} HTTP/1.1\r\nHost: {stack.GatewayAddress.Authority}\r\nContent-Type: application/json\r\n{fields}\r\n";

    private static async Task<RecordingHandler> SignAsync(GatewayStack stack, string target, string body)
    {
        var recorder = new RecordingHandler();
        using var client = new HttpClient(new SigningHandler(stack.Operator, inner: recorder)) { BaseAddress = stack.GatewayAddress };
        using var response = await client.PostAsync(new Uri(target, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        return recorder;
    }

    private string Head(string method, string target, string fields) => Head(Stack, method, target, fields);

    private Task<RecordingHandler> SignAsync(string target, string body) => SignAsync(Stack, target, body);

    /// <summary>Sends the head alone: the answer must come without a byte of the body (10 s is the test's patience, not a measure).</summary>
    private async Task<RawHttpResponse> SendAsync(string head)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await RawHttp.SendAsync(Stack.GatewayAddress, head, cancellationToken: timeout.Token);
    }
}
