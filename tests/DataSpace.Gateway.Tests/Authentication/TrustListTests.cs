using System.Net;
using System.Net.Http.Json;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;
using DataSpace.Gateway.Authentication;
using DataSpace.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Gateway.Tests.Authentication;

/// <summary>The gateway's copy of the trust list: fetched with its internal assertion, refreshed, keys reused.</summary>
public sealed class TrustListTests
{
    [Fact]
    public async Task PartyAddedAfterStart_IsTrustedOnItsFirstRequest()
    {
        // A refresh interval far beyond the test: only the unknown-key refresh can find the new party.
        await using var stack = await GatewayStack.StartAsync(1, ("TrustListRefresh", "01:00:00"));
        using var newcomer = SignatureSuites.Ed25519.GenerateKey();
        using var client = stack.Client(newcomer);
        using (var before = await client.GetAsync(new Uri("/api/v1/catalog", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        }

        using (var supplier = new HttpClient(new SigningHandler(stack.Supplier)) { BaseAddress = stack.Replicas[0].BaseAddress })
        {
            using var added = await supplier.PostAsJsonAsync("/api/v1/parties", new { id = "urn:party:late", name = "Late", role = "Operator", publicKeys = new[] { newcomer.PublicKey.ExportPem() } });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        // Unknown key ids refresh at most once a second.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        using var after = await client.GetAsync(new Uri("/api/v1/catalog", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains(stack.Seen, s => s.Party == "urn:party:late");
    }

    [Fact]
    public async Task Refresh_ReusesTheParsedKeyOfAnUnchangedEntry()
    {
        await using var stack = await GatewayStack.StartAsync(1, ("TrustListRefresh", "00:00:00.100"));
        var trustList = stack.Gateway.Services.GetRequiredService<TrustList>();
        var first = trustList.Current;
        var key = first.Find(stack.Operator.PublicKey.KeyId);
        Assert.NotNull(key);

        await GatewayStack.EventuallyAsync(() => Task.FromResult(!ReferenceEquals(trustList.Current, first)), "the trust list is refreshed");

        Assert.Same(key, trustList.Current.Find(stack.Operator.PublicKey.KeyId));
        Assert.Equal("Operator", key.Role);
        Assert.Equal(GatewayStack.OperatorId, key.PartyId);
    }

    [Fact]
    public async Task WrongSecret_TrustListIsNotLoadedAndTheGatewayIsNotReady()
    {
        await using var stack = await GatewayStack.StartAsync();
        var otherSecret = Path.Combine(Path.GetDirectoryName(stack.SecretFile)!, "other.secret");
        DataSpace.Crypto.HttpSignatures.GatewaySecretFile.Create(otherSecret);
        await using var gateway = DataSpace.Gateway.Hosting.GatewayHost.Build(
            [.. stack.Arguments([]), $"--Gateway:ConnectorSecretFile={otherSecret}", "--Gateway:Logging:File=" + otherSecret + ".log"]);
        await gateway.StartAsync();
        using var plain = new HttpClient { BaseAddress = gateway.Addresses.Single() };

        await Task.Delay(500);
        using var ready = await plain.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("\"trustListLoaded\":false", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await gateway.StopAsync();
    }
}
