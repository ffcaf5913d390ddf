using System.Net.ServerSentEvents;
using DataSpace.WebConsole.Supplier;
using DataSpace.WebConsole.Tests.Support;

namespace DataSpace.WebConsole.Tests.Supplier;

/// <summary>
/// <see cref="ConsoleConnector.PostRespondAsync"/> and <see cref="DatasetEvents"/> against a real connector: an
/// asynchronous registration answers 202 with its path, and its stream ends with progress at 100 and <c>done</c>; a
/// registration the connector does not know ends with one <c>failed</c> carrying its detail.
/// </summary>
public sealed class DatasetEventsTests
{
    [Fact]
    public async Task AsyncRegistration_ProgressReaches100_ThenDoneWithTheDataset()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var file = DatasetPagesTests.WriteCsv(world, "firms.csv", 3000);
        using var connector = new ConsoleConnector(world.Connector.BaseAddress, world.SupplierKey);

        var (answer, location) = await connector.PostRespondAsync("/api/v1/datasets",
            new { id = "firms", name = "Firms", location = file, classificationLevel = 1 }, CancellationToken.None);

        Assert.Equal(202, answer.Status);
        Assert.True(DatasetRegistrationMap.IsLocation(location), location);
        var events = await Collect(DatasetEvents.FollowAsync(location!, connector, DatasetEvents.PollInterval, CancellationToken.None));
        Assert.Equal("done", events[^1].EventType);
        Assert.Contains("\"rowCount\":3000", events[^1].Data, StringComparison.Ordinal);
        Assert.Equal("progress", events[^2].EventType);
        Assert.Contains("\"percent\":100", events[^2].Data, StringComparison.Ordinal);
        Assert.All(events.SkipLast(1), e => Assert.Equal("progress", e.EventType));
    }

    [Fact]
    public async Task UnknownRegistration_OneFailedEventWithTheConnectorsDetail()
    {
        await using var world = await ConsoleWorld.StartAsync();
        using var connector = new ConsoleConnector(world.Connector.BaseAddress, world.SupplierKey);

        var events = await Collect(DatasetEvents.FollowAsync(
            "/api/v1/datasets/registrations/0123456789abcdef0123456789abcdef", connector, DatasetEvents.PollInterval, CancellationToken.None));

        var failed = Assert.Single(events);
        Assert.Equal("failed", failed.EventType);
        Assert.Contains("no dataset registration", failed.Data, StringComparison.Ordinal);
    }

    [Fact]
    public void FollowAsync_FasterThanFourTimesASecond_Throws()
    {
        using var key = DataSpace.Crypto.Signatures.SignatureSuites.Ed25519.GenerateKey();
        using var connector = new ConsoleConnector(new Uri("http://127.0.0.1:9/"), key);

        Assert.Throws<ArgumentOutOfRangeException>("interval", () =>
            DatasetEvents.FollowAsync("/api/v1/datasets/registrations/x", connector, TimeSpan.FromMilliseconds(100), CancellationToken.None));
    }

    private static async Task<List<SseItem<string>>> Collect(IAsyncEnumerable<SseItem<string>> stream)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<SseItem<string>>();
        await foreach (var item in stream.WithCancellation(limit.Token))
        {
            events.Add(item);
        }

        return events;
    }
}
