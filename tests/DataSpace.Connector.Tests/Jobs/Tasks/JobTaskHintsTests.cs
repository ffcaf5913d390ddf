using System.Collections.Concurrent;
using DataSpace.Connector.Jobs.Tasks;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Connector.Storage.Sql;
using DataSpace.Connector.Tests.Storage;
using DataSpace.Sandbox.Hosting;
using DataSpace.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DataSpace.Connector.Tests.Jobs.Tasks;

/// <summary>
/// The wakes replicas send each other through PostgreSQL (docs/connector-service.md, "Tasks"): tasks made on one replica
/// wake the task runners of another at once, a task finished on one wakes the job's runner on another, a connector on
/// another schema of the same server wakes nobody, and a listener whose connection was killed listens again. Each wait
/// below has no timeout of its own but the test's: a missing wake fails the test rather than passing on a poll.
/// </summary>
public sealed class JobTaskHintsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = TestDatabase.Now;

    private readonly PostgresTestDatabase _database = new();
    private readonly List<StorageDatabase> _opened = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var opened in _opened)
        {
            await opened.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TasksMadeOnOneReplica_WakeTheRunnersOfAnother_AndATaskFinished_WakesTheJobsRunner()
    {
        var (runners, ended) = (new JobTaskRunnerSignal(), new JobTaskSignal());
        var listening = new SemaphoreSlim(0);
        using var hints = Hints(_database.Open(), runners, ended, listening);
        await hints.StartAsync(CancellationToken.None);
        try
        {
            await WaitAsync(listening);
            await DrainAsync(runners, ended);

            var store = await MakeAsync(_database, "urn:job:hinted", tasks: 2);
            await WokenAsync(runners);

            var task = (await store.TryClaimAsync("replica-a", Now, Now.AddMinutes(1), CancellationToken.None))!;
            Assert.True(await store.RenewAsync(task, Now.AddMinutes(2), CancellationToken.None));
            Assert.True(await store.FinishAsync(task, Done(), CancellationToken.None));
            await WokenAsync(ended);
        }
        finally
        {
            await hints.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task HintsOfAConnectorOnAnotherSchema_AreNotReceived()
    {
        await using var other = new PostgresTestDatabase();
        var received = new ConcurrentQueue<string>();
        var listening = new SemaphoreSlim(0);
        using var stop = new CancellationTokenSource();
        var listener = _database.Open();
        var listen = Task.Run(() => listener.ListenAsync(received.Enqueue, () => listening.Release(), stop.Token));
        try
        {
            await WaitAsync(listening);

            // The other schema's hint commits first; a server delivers notifications in commit order, so by the time this
            // schema's own hint arrives, the other's would have been received before it.
            await MakeAsync(other, "urn:job:elsewhere", tasks: 2);
            await MakeAsync(_database, "urn:job:here", tasks: 2);
            var deadline = DateTime.UtcNow + Patience;
            while (received.IsEmpty && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            Assert.Equal([JobTaskHints.Made], received);
        }
        finally
        {
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listen);
        }
    }

    [Fact]
    public async Task AListenerWhoseConnectionIsKilled_ListensAgain_AndWakesAgain()
    {
        var application = "hints-" + Guid.NewGuid().ToString("N")[..12];
        var (runners, ended) = (new JobTaskRunnerSignal(), new JobTaskSignal());
        var listening = new SemaphoreSlim(0);
        using var hints = Hints(Open(application), runners, ended, listening);
        await hints.StartAsync(CancellationToken.None);
        try
        {
            await WaitAsync(listening);

            await using (var server = new NpgsqlConnection(TestPostgres.ServerConnectionString()))
            {
                await server.OpenAsync();
                await using var kill = new NpgsqlCommand(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @application AND query LIKE 'LISTEN%'", server);
                kill.Parameters.AddWithValue("application", application);
                Assert.Equal(1L, await kill.ExecuteScalarAsync());
            }

            await WaitAsync(listening);
            await DrainAsync(runners, ended);
            await MakeAsync(_database, "urn:job:after-the-kill", tasks: 2);
            await WokenAsync(runners);
        }
        finally
        {
            await hints.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task AHintThatCannotBeSent_IsDropped_WithoutThrowing()
    {
        var database = _database.Open();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using (var kill = connection.CreateCommand())
        {
            // The connection breaks after its write committed: the hint goes nowhere, and the write is not failed for it.
            kill.CommandText = "SELECT pg_terminate_backend(pg_backend_pid())";
            await Assert.ThrowsAnyAsync<Exception>(() => kill.ExecuteNonQueryAsync());
        }

        await database.NotifyAsync(connection, JobTaskHints.Made);
    }

    private static JobTaskHints Hints(StorageDatabase database, JobTaskRunnerSignal runners, JobTaskSignal ended, SemaphoreSlim listening)
    {
        var hints = new JobTaskHints(database, runners, ended, NullLogger<JobTaskHints>.Instance);
        hints.Listening += () => listening.Release();
        return hints;
    }

    /// <summary>Another replica's database on the same schema, its connections named <paramref name="application"/>.</summary>
    private StorageDatabase Open(string application)
    {
        var database = StorageDatabaseFactory.Create(new StorageOptions
        {
            Engine = StorageEngine.Postgres,
            ConnectionString = new NpgsqlConnectionStringBuilder(_database.Options.ConnectionString) { ApplicationName = application }.ConnectionString,
        }, _database.Time);
        _opened.Add(database);
        return database;
    }

    /// <summary>A Running job on <paramref name="database"/> with its tasks made (by a replica of its own).</summary>
    private static async Task<JobTaskStore> MakeAsync(TestDatabase database, string jobId, int tasks)
    {
        var store = database.OpenStore();
        if (await store.GetAgreementAsync("urn:agreement:income", CancellationToken.None) is null)
        {
            await StoreSamples.SeedAgreementAsync(store, cancellationToken: CancellationToken.None);
        }

        await store.AddJobAsync(
            StoreSamples.Job(jobId, "urn:agreement:income", "urn:party:operator", JobState.Running) with { StartedAt = Now }, CancellationToken.None);
        var request = JobTaskStoreContract.Request(tasks);
        var tasksStore = new JobTaskStore(database.Open());
        await tasksStore.CreateAsync(jobId, [.. Enumerable.Range(1, tasks).Select(i => ((IReadOnlyList<string>)[$"part-{i}.parquet"], request))], CancellationToken.None);
        return tasksStore;
    }

    private static JobTaskOutcome Done() => new()
    {
        Status = JobStatus.Released,
        State = new Sandbox.Aggregation.AggregateState { Measures = [new("income", 0, 1e6)], Groups = [], TotalRows = 0 },
    };

    /// <summary>Takes the wakes a listener gives when it starts listening, so that only a hint can wake the signals after.</summary>
    private static async Task DrainAsync(JobTaskRunnerSignal runners, JobTaskSignal ended)
    {
        await runners.WaitAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        await ended.WaitAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None);
    }

    private static async Task WokenAsync(Connector.Jobs.WakeSignal signal)
    {
        using var patience = new CancellationTokenSource(Patience);
        await signal.WaitAsync(Timeout.InfiniteTimeSpan, patience.Token);
    }

    private static async Task WaitAsync(SemaphoreSlim listening) =>
        Assert.True(await listening.WaitAsync(Patience), "the listener did not start listening");
}
