using DataSpace.Gateway.Tests.Support;
using DataSpace.Tests.Common;

namespace DataSpace.Gateway.Tests.Diagnostics;

/// <summary>
/// <c>dataspace_gateway_replica_available</c> follows the gateway's health checks (docs/gateway.md, "Metrics and traces"):
/// a stopped replica goes to 0, the other stays 1. Alone in its collection: every gateway in the test process reports the
/// same replica ids under the same meter name, and a gauge has no lower bound to assert.
/// </summary>
[Collection(ReplicaMetricsCollection.Name)]
public sealed class ReplicaMetricsTests
{
    [Fact]
    public async Task Scrape_OneReplicaStopped_ShowsItUnavailableAndTheOtherAvailable()
    {
        await using var stack = await GatewayStack.StartAsync(2, ("Metrics:Urls", "http://127.0.0.1:0"));
        using var client = new HttpClient { BaseAddress = stack.Gateway.MetricsAddresses.Single() };
        var before = await ScrapeAsync(client);

        await stack.Replicas[1].StopAsync();
        await GatewayStack.EventuallyAsync(
            async () => (await ScrapeAsync(client)).Find("dataspace_gateway_replica_available", ("replica", "replica-1")).Any(s => s.Value == 0),
            "the stopped replica is reported unavailable");
        var after = await ScrapeAsync(client);

        Assert.Equal([1.0], before.Find("dataspace_gateway_replica_available", ("replica", "replica-1")).Select(s => s.Value));
        Assert.Equal([1.0], after.Find("dataspace_gateway_replica_available", ("replica", "replica-0")).Select(s => s.Value));
        Assert.Equal([0.0], after.Find("dataspace_gateway_replica_available", ("replica", "replica-1")).Select(s => s.Value));
    }

    private static async Task<PrometheusScrape> ScrapeAsync(HttpClient client) =>
        PrometheusScrape.Parse(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
}
