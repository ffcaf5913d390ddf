using DataSpace.Gateway.Tests.Support;

namespace DataSpace.Gateway.Tests.Authentication;

/// <summary>
/// docs/gateway.md, "Replays": a request verified at the gateway cannot be replayed at the connector, nor one sent to
/// the connector replayed through the gateway. By default their origins differ, so the signature does not verify at the
/// other; where a connector is told to answer for the gateway's origin too, the one nonce namespace still refuses it.
/// </summary>
public sealed class ReplayTests(GatewayStackFixture fixture) : IClassFixture<GatewayStackFixture>
{
    private GatewayStack Stack => fixture.Stack;

    private Uri Connector => Stack.Replicas[0].BaseAddress;

    [Fact]
    public async Task SeenAtTheGateway_ReplayedAtTheConnector_Is401()
    {
        var signed = await OriginTests.SignAsync(Stack, new Uri(Stack.GatewayAddress, "/api/v1/catalog?t=gw-then-direct"));
        Assert.Equal(200, (await OriginTests.SendAsync(Stack, "/api/v1/catalog?t=gw-then-direct", Stack.GatewayAddress.Authority, signed)).Status);

        var asItWas = await OriginTests.SendAsync(Stack, "/api/v1/catalog?t=gw-then-direct", Stack.GatewayAddress.Authority, signed, Connector);
        var retargeted = await OriginTests.SendAsync(Stack, "/api/v1/catalog?t=gw-then-direct", Connector.Authority, signed, Connector);

        Assert.Equal(401, asItWas.Status);
        Assert.Contains("(UnknownOrigin)", asItWas.Body, StringComparison.Ordinal);
        Assert.Equal(401, retargeted.Status);
        Assert.Contains("(SignatureInvalid)", retargeted.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SentToTheConnector_ReplayedThroughTheGateway_Is401AndNotForwarded()
    {
        var signed = await OriginTests.SignAsync(Stack, new Uri(Connector, "/api/v1/catalog?t=direct-then-gw"));
        Assert.Equal(200, (await OriginTests.SendAsync(Stack, "/api/v1/catalog?t=direct-then-gw", Connector.Authority, signed, Connector)).Status);

        var replayed = await OriginTests.SendAsync(Stack, "/api/v1/catalog?t=direct-then-gw", Stack.GatewayAddress.Authority, signed);

        Assert.Equal(401, replayed.Status);
        Assert.Single(Stack.Seen, s => s.Target.Contains("t=direct-then-gw", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SameOrigins_SeenAtTheGateway_ReplayedAtTheConnector_IsReplayed()
    {
        await using var stack = await SharedOriginStackAsync();
        var connector = stack.Replicas[0].BaseAddress;
        var signed = await OriginTests.SignAsync(stack, new Uri(stack.GatewayAddress, "/api/v1/catalog?t=shared-1"));
        Assert.Equal(200, (await OriginTests.SendAsync(stack, "/api/v1/catalog?t=shared-1", stack.GatewayAddress.Authority, signed)).Status);

        var replayed = await OriginTests.SendAsync(stack, "/api/v1/catalog?t=shared-1", stack.GatewayAddress.Authority, signed, connector);

        Assert.Equal(401, replayed.Status);
        Assert.Contains("(Replayed)", replayed.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameOrigins_SentToTheConnector_ReplayedThroughTheGateway_IsReplayed()
    {
        await using var stack = await SharedOriginStackAsync();
        var connector = stack.Replicas[0].BaseAddress;
        var signed = await OriginTests.SignAsync(stack, new Uri(stack.GatewayAddress, "/api/v1/catalog?t=shared-2"));
        Assert.Equal(200, (await OriginTests.SendAsync(stack, "/api/v1/catalog?t=shared-2", stack.GatewayAddress.Authority, signed, connector)).Status);

        // The gateway never saw the nonce and forwards; the connector spent it already.
        var replayed = await OriginTests.SendAsync(stack, "/api/v1/catalog?t=shared-2", stack.GatewayAddress.Authority, signed);

        Assert.Equal(401, replayed.Status);
        Assert.Contains("(Replayed)", replayed.Body, StringComparison.Ordinal);
    }

    /// <summary>A stack whose connector also answers for the gateway's origin (a misconfiguration the nonce namespace covers).</summary>
    private static Task<GatewayStack> SharedOriginStackAsync()
    {
        var gateway = $"http://127.0.0.1:{GatewayStack.FreePort()}";
        var connector = $"http://127.0.0.1:{GatewayStack.FreePort()}";
        return GatewayStack.StartAsync(1, [("Urls", connector), ("PublicOrigins:0", connector), ("PublicOrigins:1", gateway)], ("Urls", gateway));
    }
}
