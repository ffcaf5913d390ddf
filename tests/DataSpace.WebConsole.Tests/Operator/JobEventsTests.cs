using System.Net.ServerSentEvents;
using DataSpace.WebConsole.Operator;
using DataSpace.WebConsole.Tests.Support;

namespace DataSpace.WebConsole.Tests.Operator;

/// <summary>
/// <see cref="JobEvents"/> against a real connector: a stream sends an event when the job's state changes, not on every
/// poll; it ends by itself when the job ends or the connector refuses, and when its client goes.
/// </summary>
public sealed class JobEventsTests
{
    [Fact]
    public async Task JobThatDoesNotChange_OneEventForManyPolls_AndTheStreamEndsWhenTheClientGoes()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var job = await world.SubmitAsync();
        using var connector = new ConsoleConnector(world.Connector.BaseAddress, world.OperatorKey);
        using var client = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var events = new List<SseItem<string>>();

        // About twenty polls at 50 ms; the job waits for approval all along.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in JobEvents.FollowAsync(job, connector, TimeSpan.FromMilliseconds(50), client.Token))
            {
                events.Add(item);
            }
        });

        var only = Assert.Single(events);
        Assert.Equal("state", only.EventType);
        Assert.Contains("\"state\":\"Submitted\"", only.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleasedJob_OneEvent_ThenTheStreamEnds()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var job = await world.ReleasedAsync();
        using var connector = new ConsoleConnector(world.Connector.BaseAddress, world.OperatorKey);

        var events = await Collect(JobEvents.FollowAsync(job, connector, TimeSpan.FromMilliseconds(50), CancellationToken.None));

        Assert.Contains("\"state\":\"Released\"", Assert.Single(events).Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownJob_OneProblemEventWithTheConnectorsDetail_ThenTheStreamEnds()
    {
        await using var world = await ConsoleWorld.StartAsync();
        using var connector = new ConsoleConnector(world.Connector.BaseAddress, world.OperatorKey);

        var events = await Collect(JobEvents.FollowAsync("job-none", connector, TimeSpan.FromMilliseconds(50), CancellationToken.None));

        var problem = Assert.Single(events);
        Assert.Equal("problem", problem.EventType);
        Assert.Contains("\"detail\":", problem.Data, StringComparison.Ordinal);
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
