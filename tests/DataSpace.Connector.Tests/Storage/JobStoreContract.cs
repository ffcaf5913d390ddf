using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>What every <see cref="IConnectorStore"/> must do with jobs: compare-and-set transitions, release, restart recovery.</summary>
public abstract class JobStoreContract : StorageContract
{
    private const int Racers = 32;

    [Fact]
    public async Task TryTransitionJob_ExpectedState_MovesAndWritesChanges()
    {
        var job = await AddJobAsync(JobState.Submitted);
        var approvedAt = TestDatabase.Now.AddMinutes(5);

        var moved = await Store.TryTransitionJobAsync(
            job.Id, JobState.Submitted, JobState.Approved, new JobChanges { ApprovalSignature = "c2ln", ApprovedAt = approvedAt }, Token);

        Assert.True(moved);
        Assert.Equal(job with { State = JobState.Approved, ApprovalSignature = "c2ln", ApprovedAt = approvedAt }, await Store.GetJobAsync(job.Id, Token));
    }

    [Fact]
    public async Task TryTransitionJob_StateChangedMeanwhile_ReturnsFalseAndChangesNothing()
    {
        var job = await AddJobAsync(JobState.Submitted);
        Assert.True(await Store.TryTransitionJobAsync(job.Id, JobState.Submitted, JobState.Rejected, new JobChanges { Reason = "no" }, Token));

        var moved = await Store.TryTransitionJobAsync(
            job.Id, JobState.Submitted, JobState.Approved, new JobChanges { ApprovalSignature = "c2ln" }, Token);

        Assert.False(moved);
        Assert.Equal(job with { State = JobState.Rejected, Reason = "no" }, await Store.GetJobAsync(job.Id, Token));
    }

    [Fact]
    public async Task TryTransitionJob_MissingJob_ReturnsFalse()
    {
        Assert.False(await Store.TryTransitionJobAsync("urn:job:missing", JobState.Approved, JobState.Running, JobChanges.None, Token));
    }

    [Theory]
    [InlineData(JobState.Submitted, JobState.Running)]
    [InlineData(JobState.Released, JobState.Running)]
    [InlineData(JobState.Rejected, JobState.Approved)]
    [InlineData(JobState.Running, JobState.Approved)]
    public async Task TryTransitionJob_NotInTheStateMachine_Throws(JobState from, JobState to)
    {
        var job = await AddJobAsync(from);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.TryTransitionJobAsync(job.Id, from, to, JobChanges.None, Token));

        Assert.Equal(from, (await Store.GetJobAsync(job.Id, Token))?.State);
    }

    [Fact]
    public async Task TryTransitionJob_ToRunning_CountsTheAttempt()
    {
        var job = await AddJobAsync(JobState.Approved);

        await Store.TryTransitionJobAsync(job.Id, JobState.Approved, JobState.Running, new JobChanges { RunnerId = "r1" }, Token);
        await Store.TryTransitionJobAsync(job.Id, JobState.Running, JobState.Failed, new JobChanges { Reason = "crash" }, Token);
        await Store.TryTransitionJobAsync(job.Id, JobState.Failed, JobState.Approved, JobChanges.None, Token);
        await Store.TryTransitionJobAsync(job.Id, JobState.Approved, JobState.Running, new JobChanges { RunnerId = "r2" }, Token);

        var stored = await Store.GetJobAsync(job.Id, Token);
        Assert.Equal((JobState.Running, 2, "r2"), (stored?.State, stored?.Attempt, stored?.RunnerId));
    }

    [Fact]
    public async Task TryTransitionJob_ConcurrentStarts_ExactlyOneWins()
    {
        var job = await AddJobAsync(JobState.Approved);

        var wins = await RunConcurrently(Racers, i => Store.TryTransitionJobAsync(
            job.Id, JobState.Approved, JobState.Running, new JobChanges { RunnerId = $"runner-{i}" }, Token));

        Assert.Single(wins, won => won);
        var stored = await Store.GetJobAsync(job.Id, Token);
        Assert.Equal((JobState.Running, 1, $"runner-{Array.IndexOf(wins, true)}"), (stored?.State, stored?.Attempt, stored?.RunnerId));
    }

    [Fact]
    public async Task TryTransitionJob_ConcurrentStartsOnTwoReplicas_ExactlyOneWins()
    {
        var job = await AddJobAsync(JobState.Approved);
        var replicas = new IConnectorStore[] { Database.OpenStore(), Database.OpenStore() };

        var wins = await RunConcurrently(Racers, i => replicas[i % 2].TryTransitionJobAsync(
            job.Id, JobState.Approved, JobState.Running, new JobChanges { RunnerId = $"replica-{i % 2}" }, Token));

        Assert.Single(wins, won => won);
        Assert.Equal(1, (await Store.GetJobAsync(job.Id, Token))?.Attempt);
    }

    [Fact]
    public async Task TryReleaseJob_ConcurrentReleasesOnTwoReplicas_ExactlyOneResultStored()
    {
        var job = await AddJobAsync(JobState.Running);
        var replicas = new IConnectorStore[] { Database.OpenStore(), Database.OpenStore() };

        var wins = await RunConcurrently(Racers, i => replicas[i % 2].TryReleaseJobAsync(
            StoreSamples.Result(job.Id) with { LogIndex = i }, JobChanges.None, Token));

        Assert.Single(wins, won => won);
        Assert.Equal(Array.IndexOf(wins, true), (await Store.GetResultAsync(job.Id, Token))?.LogIndex);
    }

    [Fact]
    public async Task TryReleaseJob_Running_StoresTheResultAndReleases()
    {
        var job = await AddJobAsync(JobState.Running);
        var result = StoreSamples.Result(job.Id);
        var finishedAt = TestDatabase.Now.AddMinutes(9);

        var released = await Store.TryReleaseJobAsync(result, new JobChanges { FinishedAt = finishedAt }, Token);

        Assert.True(released);
        var stored = await Store.GetResultAsync(job.Id, Token);
        Assert.NotNull(stored);
        Assert.Equal(result with { Envelope = stored.Envelope }, stored);
        Assert.Equal(result.Envelope.ToArray(), stored.Envelope.ToArray());
        Assert.Equal(job with { State = JobState.Released, FinishedAt = finishedAt }, await Store.GetJobAsync(job.Id, Token));
    }

    [Theory]
    [InlineData(JobState.Approved)]
    [InlineData(JobState.Refused)]
    [InlineData(JobState.Failed)]
    public async Task TryReleaseJob_NotRunning_StoresNothing(JobState state)
    {
        var job = await AddJobAsync(state);

        var released = await Store.TryReleaseJobAsync(StoreSamples.Result(job.Id), JobChanges.None, Token);

        Assert.False(released);
        Assert.Null(await Store.GetResultAsync(job.Id, Token));
        Assert.Equal(state, (await Store.GetJobAsync(job.Id, Token))?.State);
    }

    [Fact]
    public async Task MarkInterruptedJobsFailed_AfterRestart_FailsOnlyRunningJobs()
    {
        var running = await AddJobAsync(JobState.Running, "urn:job:running");
        var approved = await AddJobAsync(JobState.Approved, "urn:job:approved");
        var released = await AddJobAsync(JobState.Released, "urn:job:released");
        Database.Time.Advance(TimeSpan.FromMinutes(30));
        var restarted = Database.OpenStore();

        var failed = await restarted.MarkInterruptedJobsFailedAsync("the connector restarted while the job ran", null, Token);

        Assert.Equal(1, failed);
        Assert.Equal(
            running with { State = JobState.Failed, Reason = "the connector restarted while the job ran", FinishedAt = Database.Time.GetUtcNow() },
            await restarted.GetJobAsync(running.Id, Token));
        Assert.Equal(approved, await restarted.GetJobAsync(approved.Id, Token));
        Assert.Equal(released, await restarted.GetJobAsync(released.Id, Token));
        Assert.True(await restarted.TryTransitionJobAsync(running.Id, JobState.Failed, JobState.Approved, JobChanges.None, Token));
    }

    [Fact]
    public async Task MarkInterruptedJobsFailed_WithRunnerId_LeavesOtherReplicasJobsRunning()
    {
        var mine = await AddJobAsync(JobState.Running, "urn:job:mine", runnerId: "replica-a");
        var theirs = await AddJobAsync(JobState.Running, "urn:job:theirs", runnerId: "replica-b");

        var failed = await Store.MarkInterruptedJobsFailedAsync("replica-a restarted", "replica-a", Token);

        Assert.Equal(1, failed);
        Assert.Equal(JobState.Failed, (await Store.GetJobAsync(mine.Id, Token))?.State);
        Assert.Equal(JobState.Running, (await Store.GetJobAsync(theirs.Id, Token))?.State);
    }

    [Fact]
    public async Task TryReleaseJob_RacingRestartRecovery_NeverHalfReleased()
    {
        var replica = Database.OpenStore();
        for (var i = 0; i < 16; i++)
        {
            var job = await AddJobAsync(JobState.Running, $"urn:job:{i}");

            var outcomes = await RunConcurrently(2, async side => side == 0
                ? await Store.TryReleaseJobAsync(StoreSamples.Result(job.Id), JobChanges.None, Token)
                : await replica.MarkInterruptedJobsFailedAsync("restarted", null, Token) > 0);

            var stored = await Store.GetJobAsync(job.Id, Token);
            var result = await Store.GetResultAsync(job.Id, Token);
            Assert.Single(outcomes, won => won);
            Assert.Equal(stored?.State == JobState.Released, result is not null);
            Assert.Contains(stored?.State, new JobState?[] { JobState.Released, JobState.Failed });
        }
    }

    [Fact]
    public async Task AddRowsProcessed_Concurrently_AddsUp()
    {
        var job = await AddJobAsync(JobState.Running);

        await RunConcurrently(Racers, _ => Store.AddRowsProcessedAsync(job.Id, 1_000, Token));

        Assert.Equal(Racers * 1_000L, (await Store.GetJobAsync(job.Id, Token))?.RowsProcessed);
        Assert.False(await Store.AddRowsProcessedAsync("urn:job:missing", 1, Token));
    }

    [Fact]
    public async Task ListJobs_ByState_OnlyThatStateInSubmissionOrder()
    {
        await AddJobAsync(JobState.Approved, "urn:job:b", submittedAt: TestDatabase.Now.AddMinutes(2));
        await AddJobAsync(JobState.Approved, "urn:job:a", submittedAt: TestDatabase.Now.AddMinutes(3));
        await AddJobAsync(JobState.Running, "urn:job:c", submittedAt: TestDatabase.Now.AddMinutes(1));

        Assert.Equal(["urn:job:b", "urn:job:a"], (await Store.ListJobsAsync(JobState.Approved, Token)).Select(j => j.Id));
        Assert.Equal(["urn:job:c", "urn:job:b", "urn:job:a"], (await Store.ListJobsAsync(null, Token)).Select(j => j.Id));
    }

    private async Task<Job> AddJobAsync(
        JobState state, string id = "urn:job:1", string? runnerId = null, DateTimeOffset? submittedAt = null)
    {
        if (await Store.GetAgreementAsync("urn:agreement:income", Token) is null)
        {
            await StoreSamples.SeedAgreementAsync(Store, cancellationToken: Token);
        }

        var job = StoreSamples.Job(id, "urn:agreement:income", "urn:party:operator", state) with
        {
            RunnerId = runnerId,
            SubmittedAt = submittedAt ?? TestDatabase.Now.AddMinutes(4),
        };
        await Store.AddJobAsync(job, Token);
        return job;
    }
}
