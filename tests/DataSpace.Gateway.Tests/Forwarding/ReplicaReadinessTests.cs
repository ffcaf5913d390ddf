using System.Net;
using DataSpace.Gateway.Hosting;
using DataSpace.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy;

namespace DataSpace.Gateway.Tests.Forwarding;

/// <summary>
/// A replica that still answers but is not ready (its <c>/health/ready</c> is 503 while <c>/health/live</c> stays 200:
/// here its data directory cannot be written) leaves the rotation by the gateway's default probe, and comes back
/// once it is ready again, without a restart (docs/connector-service.md, "Health").
/// </summary>
public sealed class ReplicaReadinessTests
{
    [Fact]
    public async Task ReplicaNotReady_LeavesTheRotationAndComesBackWhenReady()
    {
        await using var stack = await GatewayStack.StartAsync(2);
        using var client = stack.Client(stack.Operator);
        var proxy = stack.Gateway.Services.GetRequiredService<IProxyStateLookup>();
        await GatewayStack.EventuallyAsync(() => Task.FromResult(GatewayHealthApi.Replicas(proxy).Available == 2), "both replicas are in rotation");
        var data = stack.Replicas[0].DataDirectory;
        var moved = data + ".moved";

        Directory.Move(data, moved);
        await File.WriteAllTextAsync(data, "not a directory");
        try
        {
            using (var replica = new HttpClient { BaseAddress = stack.Replicas[0].BaseAddress })
            using (var ready = await replica.GetAsync(new Uri("/health/ready", UriKind.Relative)))
            using (var live = await replica.GetAsync(new Uri("/health/live", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            }

            await GatewayStack.EventuallyAsync(() => Task.FromResult(GatewayHealthApi.Replicas(proxy).Available == 1), "the unready replica is out of rotation");
            for (var i = 0; i < 6; i++)
            {
                using var response = await client.GetAsync(new Uri($"/api/v1/catalog?t=out-{i}", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            Assert.DoesNotContain(stack.Replicas[0].Seen, s => s.Target.Contains("t=out-", StringComparison.Ordinal));
            Assert.Equal(6, stack.Replicas[1].Seen.Count(s => s.Target.Contains("t=out-", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(data);
            Directory.Move(moved, data);
        }

        await GatewayStack.EventuallyAsync(() => Task.FromResult(GatewayHealthApi.Replicas(proxy).Available == 2), "the replica is back in rotation");
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync(new Uri($"/api/v1/catalog?t=back-{i}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Contains(stack.Replicas[0].Seen, s => s.Target.Contains("t=back-", StringComparison.Ordinal));
    }
}
