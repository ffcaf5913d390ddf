using DataSpace.Connector.Jobs.Tasks;
using DataSpace.Connector.Model;
using DataSpace.Connector.Tests.Storage;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Tests.Jobs.Tasks;

/// <summary>
/// What <see cref="JobTaskStore"/> must do on every engine (docs/connector-service.md, "Tasks"): each task claimed by one
/// runner at a time however many race for it on however many replicas; a lease that ended lets another claim it, and then
/// only the new attempt may renew or finish it; only tasks of a Running job are claimed; an ended job's tasks are never
/// claimed again and their states are forgotten; an outcome reads back exactly (doubles included).
/// </summary>
public abstract class JobTaskStoreContract : StorageContract
{
    private static readonly DateTimeOffset Now = TestDatabase.Now;

    /// <summary>A task's request of a job split into <paramref name="tasks"/> (the hints' tests make tasks with it too).</summary>
    internal static JobTaskRequest Request(int tasks) => new(
        ["region", "income"], new JobVetting { MinGroupSize = 5, Measures = [new("income", 0, 1e6)], GroupKeyColumn = "region" },
        new JobTaskLimits(1_000, 100, 1 << 20, 100, 512, 0), Now.AddMinutes(1), tasks);

    private async Task<JobTaskStore> MakeAsync(string jobId, int tasks, JobState state = JobState.Running)
    {
        if (await Store.GetAgreementAsync("urn:agreement:income", Token) is null)
        {
            await StoreSamples.SeedAgreementAsync(Store, cancellationToken: Token);
        }

        await Store.AddJobAsync(StoreSamples.Job(jobId, "urn:agreement:income", "urn:party:operator", state) with { StartedAt = Now }, Token);
        var store = new JobTaskStore(Database.Open());
        await store.CreateAsync(jobId, [.. Enumerable.Range(1, tasks).Select(i => ((IReadOnlyList<string>)[$"part-{i}.parquet"], Request(tasks)))], Token);
        return store;
    }

    [Fact]
    public async Task TryClaim_ManyRunnersOnTwoReplicas_EachTaskClaimedExactlyOnce()
    {
        await MakeAsync("urn:job:1", 8);
        var replicas = new[] { new JobTaskStore(Database.Open()), new JobTaskStore(Database.Open()) };

        var claims = await RunConcurrently(24, i => replicas[i % 2].TryClaimAsync($"replica-{i % 2}", Now, Now.AddSeconds(10), Token));

        var won = claims.OfType<JobTask>().ToList();
        Assert.Equal(8, won.Count);
        Assert.Equal(Enumerable.Range(1, 8), won.Select(t => t.Number).Order());
        Assert.All(won, t => Assert.Equal((JobTaskState.Claimed, 1), (t.State, t.Attempt)));
        Assert.Equal(["part-3.parquet"], won.Single(t => t.Number == 3).Parts);
    }

    [Fact]
    public async Task TryClaim_TasksOfAJobNotRunning_AreNeverClaimed()
    {
        var store = await MakeAsync("urn:job:approved", 2, JobState.Approved);

        Assert.Null(await store.TryClaimAsync("replica-a", Now, Now.AddSeconds(10), Token));
    }

    [Fact]
    public async Task ALeaseThatEnded_AnotherClaimsTheTask_AndTheFirstAttemptCanNeitherRenewNorFinishIt()
    {
        var store = await MakeAsync("urn:job:1", 1);
        var first = (await store.TryClaimAsync("replica-a", Now, Now.AddSeconds(10), Token))!;
        Assert.Null(await store.TryClaimAsync("replica-b", Now.AddSeconds(5), Now.AddSeconds(15), Token));

        var second = await store.TryClaimAsync("replica-b", Now.AddSeconds(11), Now.AddSeconds(21), Token);

        Assert.NotNull(second);
        Assert.Equal((2, "replica-b"), (second.Attempt, second.ClaimedBy));
        Assert.False(await store.RenewAsync(first, Now.AddSeconds(30), Token));
        Assert.False(await store.FinishAsync(first, new JobTaskOutcome { Status = JobStatus.Failed, Failure = JobFailureKind.Trap }, Token));
        Assert.True(await store.RenewAsync(second, Now.AddSeconds(30), Token));
        Assert.Null(await store.TryClaimAsync("replica-a", Now.AddSeconds(25), Now.AddSeconds(35), Token));
        Assert.Equal(JobTaskState.Claimed, (await store.ListAsync("urn:job:1", Token)).Single().State);
    }

    [Fact]
    public async Task Finish_TheOutcomeReadsBackExactly_AndEndForgetsItAndCancelsTheRest()
    {
        var store = await MakeAsync("urn:job:1", 2);
        var task = (await store.TryClaimAsync("replica-a", Now, Now.AddSeconds(10), Token))!;
        var state = new AggregateState
        {
            Measures = [new("income", 0, 1e6)],
            Groups = [new GroupAggregate("北京", 3, [new MeasureTotal(3, 0.1 + 0.2, 12345)])],
            TotalRows = 7,
        };

        Assert.True(await store.FinishAsync(task, new JobTaskOutcome
        {
            Status = JobStatus.Released,
            State = state,
            Statistics = new JobStatistics { FuelConsumed = 42, CpuTime = TimeSpan.FromTicks(12_345) },
        }, Token));

        var listed = await store.ListAsync("urn:job:1", Token);
        Assert.Equal([JobTaskState.Done, JobTaskState.Pending], listed.Select(t => t.State));
        var read = listed[0].Outcome!.State!;
        Assert.Equal(0.1 + 0.2, read.Groups[0].Measures[0].Sum);
        Assert.Equal(("北京", 3L, 12345L, 7L), (read.Groups[0].Key, read.Groups[0].Rows, read.Groups[0].Measures[0].GridSum, read.TotalRows));
        Assert.Equal(TimeSpan.FromTicks(12_345), listed[0].Outcome!.Statistics.CpuTime);

        await store.EndAsync("urn:job:1", Token);

        listed = await store.ListAsync("urn:job:1", Token);
        Assert.Equal([JobTaskState.Done, JobTaskState.Cancelled], listed.Select(t => t.State));
        Assert.All(listed, t => Assert.Null(t.Outcome));
        Assert.Null(await store.TryClaimAsync("replica-a", Now.AddHours(1), Now.AddHours(2), Token));
    }

    [Fact]
    public async Task EndLeftOver_TasksOfAJobThatEndedWithoutEndingThem_AreCancelledAndForgotten_ARunningJobsAreKept()
    {
        var store = await MakeAsync("urn:job:failed", 2);
        await MakeAsync("urn:job:running", 1);
        var task = (await store.TryClaimAsync("replica-a", Now, Now.AddSeconds(10), Token))!;
        Assert.Equal("urn:job:failed", task.JobId);
        Assert.True(await store.FinishAsync(task, new JobTaskOutcome { Status = JobStatus.Released, State = new AggregateState { Measures = [], Groups = [], TotalRows = 1 } }, Token));

        // The job's runner died and recovery failed the job, behind the tasks' back.
        await using (var connection = await Database.Open().OpenAsync(Token))
        {
            await using var fail = connection.CreateCommand();
            fail.CommandText = "UPDATE jobs SET state = 'failed' WHERE id = 'urn:job:failed'";
            Assert.Equal(1, await fail.ExecuteNonQueryAsync(Token));
        }

        Assert.Equal(2, await store.EndLeftOverAsync(Token));

        Assert.Equal([JobTaskState.Done, JobTaskState.Cancelled], (await store.ListAsync("urn:job:failed", Token)).Select(t => t.State));
        Assert.All(await store.ListAsync("urn:job:failed", Token), t => Assert.Null(t.Outcome));
        Assert.Equal([JobTaskState.Pending], (await store.ListAsync("urn:job:running", Token)).Select(t => t.State));
        Assert.Equal(0, await store.EndLeftOverAsync(Token));
    }
}

/// <summary>The <see cref="JobTaskStoreContract"/> on SQLite.</summary>
public sealed class SqliteJobTaskStoreTests : JobTaskStoreContract
{
    internal override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

/// <summary>The <see cref="JobTaskStoreContract"/> on PostgreSQL.</summary>
public sealed class PostgresJobTaskStoreTests : JobTaskStoreContract
{
    internal override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
