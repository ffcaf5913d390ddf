using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>
/// What every <see cref="IConnectorStore"/> must do with jobs and logged operations (docs/storage.md, "Operations"):
/// one claim at a time per job or agreement, the end of a transition in one transaction with the end of its operation,
/// operations left pending for recovery, and completing writes that remove their operation or change nothing.
/// </summary>
public abstract class JobStoreContract : StorageContract
{
    private const int Racers = 32;

    [Fact]
    public async Task TryClaimJob_InTheState_ClaimsAndRecordsTheOperation()
    {
        var job = await AddJobAsync(JobState.Submitted);
        var operation = StoreSamples.Operation("job/" + job.Id);

        Assert.True(await Store.TryClaimJobAsync(job.Id, JobState.Submitted, operation, Token));

        Assert.Equal([operation], await Store.ListOperationsAsync("replica-a", Token));
        Assert.Empty(await Store.ListOperationsAsync("replica-b", Token));
        Assert.Equal(job, await Store.GetJobAsync(job.Id, Token));
    }

    [Fact]
    public async Task TryClaimJob_OtherStateMissingJobOrClaimedAlready_ReturnsFalseAndRecordsNothing()
    {
        var job = await AddJobAsync(JobState.Submitted);
        var first = StoreSamples.Operation("job/" + job.Id);

        Assert.False(await Store.TryClaimJobAsync(job.Id, JobState.Approved, StoreSamples.Operation("job/" + job.Id), Token));
        Assert.False(await Store.TryClaimJobAsync("urn:job:missing", JobState.Submitted, StoreSamples.Operation("job/urn:job:missing"), Token));
        Assert.True(await Store.TryClaimJobAsync(job.Id, JobState.Submitted, first, Token));
        Assert.False(await Store.TryClaimJobAsync(job.Id, JobState.Submitted, StoreSamples.Operation("job/" + job.Id + "-again"), Token));

        Assert.Equal([first.Id], (await Store.ListOperationsAsync("replica-a", Token)).Select(o => o.Id));
    }

    [Fact]
    public async Task TryClaimJob_ConcurrentClaimsOnTwoReplicas_ExactlyOneWins()
    {
        var job = await AddJobAsync(JobState.Approved);
        var replicas = new IConnectorStore[] { Database.OpenStore(), Database.OpenStore() };

        var wins = await RunConcurrently(Racers, i => replicas[i % 2].TryClaimJobAsync(
            job.Id, JobState.Approved, StoreSamples.Operation("job/" + job.Id, $"replica-{i % 2}"), Token));

        Assert.Single(wins, won => won);
        var recorded = (await Store.ListOperationsAsync("replica-0", Token)).Concat(await Store.ListOperationsAsync("replica-1", Token));
        Assert.Single(recorded);
    }

    [Fact]
    public async Task FinalizeJob_HoldingTheClaim_WritesStateChangesAndRowsAndEndsTheOperation()
    {
        var job = await AddJobAsync(JobState.Approved);
        var operation = StoreSamples.Operation("job/" + job.Id);
        var startedAt = TestDatabase.Now.AddMinutes(6);
        Assert.True(await Store.TryClaimJobAsync(job.Id, JobState.Approved, operation, Token));

        Assert.True(await Store.FinalizeJobAsync(new JobFinalization
        {
            JobId = job.Id,
            OperationId = operation.Id,
            To = JobState.Running,
            Changes = new JobChanges { RunnerId = "replica-a", StartedAt = startedAt },
            RowsProcessed = 250,
        }, Token));

        Assert.Equal(job with { State = JobState.Running, RunnerId = "replica-a", StartedAt = startedAt, Attempt = 1, RowsProcessed = 250 },
            await Store.GetJobAsync(job.Id, Token));
        Assert.Empty(await Store.ListOperationsAsync("replica-a", Token));
    }

    [Fact]
    public async Task FinalizeJob_WithoutTheClaim_WritesNothing()
    {
        var job = await AddJobAsync(JobState.Running);
        var stranger = StoreSamples.Operation("job/other");
        Assert.True(await Store.TryBeginOperationAsync(stranger, Token));

        var finalized = await Store.FinalizeJobAsync(
            new JobFinalization { JobId = job.Id, OperationId = stranger.Id, To = JobState.Released, Result = StoreSamples.Result(job.Id) }, Token);

        Assert.False(finalized);
        Assert.Equal(job, await Store.GetJobAsync(job.Id, Token));
        Assert.Null(await Store.GetResultAsync(job.Id, Token));
        Assert.Single(await Store.ListOperationsAsync("replica-a", Token));
    }

    [Fact]
    public async Task FinalizeJob_Release_StoresTheResultInTheSameTransaction()
    {
        var job = await AddJobAsync(JobState.Running);
        var result = StoreSamples.Result(job.Id);

        await StoreSamples.MoveAsync(Store, job.Id, JobState.Running, JobState.Released, Token, rows: 10, result: result);

        var stored = await Store.GetResultAsync(job.Id, Token);
        Assert.NotNull(stored);
        Assert.Equal(result with { Envelope = stored.Envelope }, stored);
        Assert.Equal(result.Envelope.ToArray(), stored.Envelope.ToArray());
        Assert.Equal(JobState.Released, (await Store.GetJobAsync(job.Id, Token))?.State);
    }

    [Fact]
    public async Task FinalizeJob_WithAMeter_StoresItWholeAndALaterEndWithoutOneKeepsIt()
    {
        var meter = new DataSpace.Crypto.Statements.MeterRecord
        {
            Outcome = DataSpace.Crypto.Statements.MeterOutcome.Held, Billable = false, RowsRead = 400, ColumnsRead = 3, CpuSeconds = 1, Epsilon = 0.5m,
            Usage = new DataSpace.Crypto.Statements.MeterUsage { RowsPulled = 400, CpuMs = 12, WallMs = 15, Fuel = 99, OutputBytes = 3 },
        };
        var job = await AddJobAsync(JobState.Running);
        var hold = StoreSamples.Operation("job/" + job.Id);
        Assert.True(await Store.TryClaimJobAsync(job.Id, JobState.Running, hold, Token));

        Assert.True(await Store.FinalizeJobAsync(new JobFinalization { JobId = job.Id, OperationId = hold.Id, To = JobState.PendingReview, HeldOutput = new byte[] { 1, 2, 3 }, Meter = meter }, Token));
        Assert.Equal(meter, (await Store.GetJobAsync(job.Id, Token))!.Meter);

        await StoreSamples.MoveAsync(Store, job.Id, JobState.PendingReview, JobState.Refused, Token);
        Assert.Equal(meter, (await Store.GetJobAsync(job.Id, Token))!.Meter);
    }

    [Fact]
    public async Task FinalizeJob_HoldThenRefuse_KeepsTheOutputForReviewThenForgetsIt()
    {
        var job = await AddJobAsync(JobState.Running);
        var hold = StoreSamples.Operation("job/" + job.Id);
        Assert.True(await Store.TryClaimJobAsync(job.Id, JobState.Running, hold, Token));
        Assert.True(await Store.FinalizeJobAsync(new JobFinalization { JobId = job.Id, OperationId = hold.Id, To = JobState.PendingReview, HeldOutput = new byte[] { 7, 8, 9 }, HeldLeakCheckJson = """{"findings":[]}""" }, Token));
        Assert.Equal([7, 8, 9], await Store.GetHeldOutputAsync(job.Id, Token));
        Assert.Equal("""{"findings":[]}""", await Store.GetHeldLeakCheckAsync(job.Id, Token));

        await StoreSamples.MoveAsync(Store, job.Id, JobState.PendingReview, JobState.Refused, Token);

        Assert.Null(await Store.GetHeldOutputAsync(job.Id, Token));
        Assert.Null(await Store.GetHeldLeakCheckAsync(job.Id, Token));
        Assert.Equal(JobState.Refused, (await Store.GetJobAsync(job.Id, Token))?.State);
    }

    [Fact]
    public async Task FinalizeJob_Fail_KeepsTheHeldDetailWithItsKeyForTheSupplier()
    {
        var job = await AddJobAsync(JobState.Running);
        var detail = HeldDetail.Create(job.Id, "dsc_run returned 397263\nmessage from the job (dsc_error): target income 397263\n", TestDatabase.Now.AddMinutes(7));
        var fail = StoreSamples.Operation("job/" + job.Id);
        Assert.True(await Store.TryClaimJobAsync(job.Id, JobState.Running, fail, Token));

        Assert.True(await Store.FinalizeJobAsync(new JobFinalization { JobId = job.Id, OperationId = fail.Id, To = JobState.Failed, Detail = detail }, Token));

        var stored = await Store.GetHeldDetailAsync(job.Id, Token);
        Assert.NotNull(stored);
        Assert.Equal((detail.JobId, detail.Text, detail.CreatedAt), (stored.JobId, stored.Text, stored.CreatedAt));
        Assert.Equal(detail.Key.ToArray(), stored.Key.ToArray());
        Assert.Equal(detail.Binding, stored.Binding);
        Assert.True(stored.Binds(detail.Binding));
    }

    [Fact]
    public async Task FinalizeJob_WithoutTheClaim_KeepsNoHeldDetail()
    {
        var job = await AddJobAsync(JobState.Running);
        var stranger = StoreSamples.Operation("job/other");
        Assert.True(await Store.TryBeginOperationAsync(stranger, Token));

        Assert.False(await Store.FinalizeJobAsync(
            new JobFinalization { JobId = job.Id, OperationId = stranger.Id, To = JobState.Failed, Detail = HeldDetail.Create(job.Id, "x", TestDatabase.Now) }, Token));

        Assert.Null(await Store.GetHeldDetailAsync(job.Id, Token));
        Assert.Null(await Store.GetHeldDetailAsync("urn:job:missing", Token));
    }

    [Fact]
    public async Task AbandonOperation_ReleasesTheClaimSoTheJobCanBeClaimedAgain()
    {
        var job = await AddJobAsync(JobState.Submitted);
        var first = StoreSamples.Operation("job/" + job.Id);
        Assert.True(await Store.TryClaimJobAsync(job.Id, JobState.Submitted, first, Token));

        Assert.True(await Store.AbandonOperationAsync(first.Id, Token));
        Assert.False(await Store.AbandonOperationAsync(first.Id, Token));

        Assert.Equal(job, await Store.GetJobAsync(job.Id, Token));
        Assert.True(await Store.TryClaimJobAsync(job.Id, JobState.Submitted, StoreSamples.Operation("job/" + job.Id), Token));
    }

    [Fact]
    public async Task ClaimsRacingRecovery_ReleaseAgainstFail_ExactlyOneEndsTheJob()
    {
        // A release on one replica races a failure (for example restart recovery) on another: one claim wins, the job
        // ends once, and it has a result exactly when it is released.
        var replica = Database.OpenStore();
        for (var i = 0; i < 16; i++)
        {
            var job = await AddJobAsync(JobState.Running, $"urn:job:{i}");

            var outcomes = await RunConcurrently(2, async side =>
            {
                var store = side == 0 ? Store : replica;
                var operation = StoreSamples.Operation("job/" + job.Id, $"replica-{side}");
                return await store.TryClaimJobAsync(job.Id, JobState.Running, operation, Token)
                    && await store.FinalizeJobAsync(new JobFinalization
                    {
                        JobId = job.Id,
                        OperationId = operation.Id,
                        To = side == 0 ? JobState.Released : JobState.Failed,
                        Result = side == 0 ? StoreSamples.Result(job.Id) : null,
                    }, Token);
            });

            var stored = await Store.GetJobAsync(job.Id, Token);
            Assert.Single(outcomes, won => won);
            Assert.Equal(stored?.State == JobState.Released, await Store.GetResultAsync(job.Id, Token) is not null);
            Assert.Contains(stored?.State, new JobState?[] { JobState.Released, JobState.Failed });
        }
    }

    [Fact]
    public async Task TryBeginOperation_OnePerResource_AndACompletingWriteEndsIt()
    {
        var agreement = await StoreSamples.SeedAgreementAsync(Store, cancellationToken: Token);
        var create = StoreSamples.Operation("offer/urn:offer:second", action: "offer.create");
        Assert.True(await Store.TryBeginOperationAsync(create, Token));
        Assert.False(await Store.TryBeginOperationAsync(StoreSamples.Operation("offer/urn:offer:second", action: "offer.create"), Token));

        await Store.AddOfferAsync(StoreSamples.Offer("urn:offer:second", agreement.DatasetId), create.Id, Token);

        Assert.NotNull(await Store.GetOfferAsync("urn:offer:second", Token));
        Assert.Empty(await Store.ListOperationsAsync("replica-a", Token));
    }

    [Fact]
    public async Task CompletingWrite_ThatConflicts_ChangesNothingAndLeavesTheOperationToAbort()
    {
        var agreement = await StoreSamples.SeedAgreementAsync(Store, cancellationToken: Token);
        var duplicate = StoreSamples.Operation("offer/" + agreement.OfferId, action: "offer.create");
        Assert.True(await Store.TryBeginOperationAsync(duplicate, Token));

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddOfferAsync(StoreSamples.Offer(agreement.OfferId, agreement.DatasetId), duplicate.Id, Token));

        Assert.Equal([duplicate], await Store.ListOperationsAsync("replica-a", Token));
    }

    [Fact]
    public async Task TryClaimAgreement_ConcurrentRevocations_ExactlyOneRevokes()
    {
        var agreement = await StoreSamples.SeedAgreementAsync(Store, cancellationToken: Token);
        var replicas = new IConnectorStore[] { Database.OpenStore(), Database.OpenStore() };

        var wins = await RunConcurrently(Racers, async i =>
        {
            var operation = StoreSamples.Operation("agreement/" + agreement.Id, $"replica-{i % 2}", "agreement.revoke");
            return await replicas[i % 2].TryClaimAgreementAsync(agreement.Id, operation, Token)
                && await replicas[i % 2].RevokeAgreementAsync(agreement.Id, TestDatabase.Now.AddDays(i), operation.Id, Token);
        });

        Assert.Single(wins, won => won);
        Assert.Equal(TestDatabase.Now.AddDays(Array.IndexOf(wins, true)), (await Store.GetAgreementAsync(agreement.Id, Token))?.RevokedAt);
        Assert.False(await Store.TryClaimAgreementAsync(agreement.Id, StoreSamples.Operation("agreement/" + agreement.Id), Token));
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
