using System.Net;
using DataSpace.Gateway.Tests.Support;

namespace DataSpace.Gateway.Tests.Hosting;

/// <summary>Stopping the gateway lets requests in flight finish, then stops listening.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task StopAsync_RequestInFlight_Completes()
    {
        await using var stack = await GatewayStack.StartAsync();
        using var client = stack.Client(stack.Operator);
        var address = stack.GatewayAddress;

        var inFlight = client.GetAsync(new Uri("/api/v1/catalog?delay-ms=800", UriKind.Relative));
        await Task.Delay(300);
        Assert.False(inFlight.IsCompleted);
        await stack.Gateway.StopAsync();

        using var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var plain = new HttpClient { BaseAddress = address };
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(new Uri("/health/live", UriKind.Relative)));
    }
}
