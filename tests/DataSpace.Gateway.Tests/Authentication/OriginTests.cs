using System.Text;
using DataSpace.Connector.Http;
using DataSpace.Gateway.Tests.Support;
using DataSpace.Tests.Common;

namespace DataSpace.Gateway.Tests.Authentication;

/// <summary>
/// docs/gateway.md, "Origins": <c>@target-uri</c> and <c>@authority</c> are rebuilt from the gateway's public origins
/// (<c>Gateway:PublicOrigins</c>, by default its listening addresses), never from <c>Host</c>.
/// </summary>
public sealed class OriginTests(GatewayStackFixture fixture) : IClassFixture<GatewayStackFixture>
{
    private const string OtherSupplier = "supplier-b.example:8443";

    private GatewayStack Stack => fixture.Stack;

    [Fact]
    public async Task SignedForAnotherHost_SentWithThatHost_Is401UnknownOrigin()
    {
        var signed = await SignAsync(Stack, new Uri($"http://{OtherSupplier}/api/v1/catalog?t=other-host"));

        var response = await SendAsync(Stack, "/api/v1/catalog?t=other-host", OtherSupplier, signed);

        Assert.Equal(401, response.Status);
        Assert.Contains("(UnknownOrigin)", response.Body, StringComparison.Ordinal);
        Assert.Contains("Gateway:PublicOrigins", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Stack.Seen, s => s.Target.Contains("t=other-host", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignedForAnotherHost_SentWithOurHost_Is401()
    {
        var signed = await SignAsync(Stack, new Uri($"http://{OtherSupplier}/api/v1/catalog?t=other-signed"));

        var response = await SendAsync(Stack, "/api/v1/catalog?t=other-signed", Stack.GatewayAddress.Authority, signed);

        Assert.Equal(401, response.Status);
        Assert.Contains("(SignatureInvalid)", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Stack.Seen, s => s.Target.Contains("t=other-signed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfiguredOrigin_IsTheOneSignedFor_AndTheListeningAddressNoLonger()
    {
        await using var stack = await GatewayStack.StartAsync(1, ("PublicOrigins:0", "https://data.bureau.example"));
        var forOrigin = await SignAsync(stack, new Uri("https://data.bureau.example/api/v1/catalog?t=configured"));
        var forAddress = await SignAsync(stack, new Uri(stack.GatewayAddress, "/api/v1/catalog?t=address"));

        var accepted = await SendAsync(stack, "/api/v1/catalog?t=configured", "data.bureau.example", forOrigin);
        var refused = await SendAsync(stack, "/api/v1/catalog?t=address", stack.GatewayAddress.Authority, forAddress);

        Assert.Equal(200, accepted.Status);
        Assert.Equal(401, refused.Status);
        Assert.Contains("(UnknownOrigin)", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultOrigins_AreTheListeningAddress_AlsoAsLocalhost()
    {
        var signed = await SignAsync(Stack, new Uri($"http://localhost:{Stack.GatewayAddress.Port}/api/v1/catalog?t=localhost"));

        var response = await SendAsync(Stack, "/api/v1/catalog?t=localhost", $"localhost:{Stack.GatewayAddress.Port}", signed);

        Assert.Equal(200, response.Status);
    }

    internal static async Task<RecordingHandler> SignAsync(GatewayStack stack, Uri target)
    {
        var recorder = new RecordingHandler();
        using var client = new HttpClient(new SigningHandler(stack.Operator, inner: recorder));
        using var response = await client.GetAsync(target);
        return recorder;
    }

    internal static async Task<RawHttpResponse> SendAsync(GatewayStack stack, string target, string host, RecordingHandler signed, Uri? server = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var head = new StringBuilder($"GET {target} HTTP/1.1\r\nHost: {host}\r\n").Append(signed.SignatureLines()).Append("\r\n").ToString();
        return await RawHttp.SendAsync(server ?? stack.GatewayAddress, head, cancellationToken: timeout.Token);
    }
}
