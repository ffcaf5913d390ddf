using System.Net;
using DataSpace.Gateway.Hosting;
using DataSpace.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy;

namespace DataSpace.Gateway.Tests.Forwarding;

/// <summary>Two replicas behind the gateway: one stopped is taken out of rotation; none left is 503.</summary>
public sealed class ReplicaHealthTests
{
    [Fact]
    public async Task OneReplicaStopped_RequestsStillSucceed_NoneLeftIs503()
    {
        await using var stack = await GatewayStack.StartAsync(2);
        using var client = stack.Client(stack.Operator);
        using var plain = stack.Plain();
        var proxy = stack.Gateway.Services.GetRequiredService<IProxyStateLookup>();

        // Round robin: both replicas serve.
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync(new Uri($"/api/v1/catalog?t=both-{i}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.All(stack.Replicas, replica => Assert.Contains(replica.Seen, s => s.Target.Contains("t=both-", StringComparison.Ordinal)));

        await stack.Replicas[0].StopAsync();
        await GatewayStack.EventuallyAsync(() => Task.FromResult(GatewayHealthApi.Replicas(proxy).Available == 1), "the stopped replica is out of rotation");
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.GetAsync(new Uri($"/api/v1/catalog?t=one-{i}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(6, stack.Replicas[1].Seen.Count(s => s.Target.Contains("t=one-", StringComparison.Ordinal)));
        using (var ready = await plain.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        await stack.Replicas[1].StopAsync();
        await GatewayStack.EventuallyAsync(() => Task.FromResult(GatewayHealthApi.Replicas(proxy).Available == 0), "no replica is in rotation");

        using var none = await client.GetAsync(new Uri("/api/v1/catalog?t=none", UriKind.Relative));
        var problem = await ProblemAssert.IsProblemAsync(none, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("no connector replica is healthy", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var notReady = await plain.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        using var live = await plain.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
