using System.Text;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Jobs;
using DataSpace.Connector.Model;
using DataSpace.Crypto.Statements;

namespace DataSpace.Connector.Tests.Jobs;

/// <summary>
/// The job lifecycle as a table: every operation tried from every state, on a real log and store. A legal transition
/// reaches its state and writes exactly one log entry, the one <see cref="JobTransitions"/> names; an illegal one changes
/// nothing and writes nothing. Concurrent callers on one job: exactly one wins and logs. Restart recovery closes what a
/// crash left half done. Run on SQLite and on PostgreSQL.
/// </summary>
public abstract class JobLifecycleContract
{
    private const int Callers = 16;

    /// <summary>"Sqlite" or "Postgres".</summary>
    protected abstract string Engine { get; }

    /// <summary>The operations of the lifecycle, each with the transitions it may make.</summary>
    private static readonly (string Name, JobTransition[] Transitions)[] Operations =
    [
        ("approve", [JobTransitions.Approve]),
        ("reject", [JobTransitions.Reject]),
        ("start", [JobTransitions.Start]),
        ("refuse before start", [JobTransitions.RefuseBeforeStart]),
        ("refuse run", [JobTransitions.RefuseRun]),
        ("fail", [JobTransitions.Fail]),
        ("hold", [JobTransitions.Hold]),
        ("release", [JobTransitions.Release, JobTransitions.ReleaseReviewed]),
        ("refuse output", [JobTransitions.RefuseOutput]),
        ("refuse in review", [JobTransitions.RefuseReviewed]),
        ("contribute", [JobTransitions.Contribute]),
        ("release combined", [JobTransitions.ReleaseCombined]),
        ("refuse combined", [JobTransitions.RefuseCombined]),
    ];

    public static TheoryData<JobState> States() => new(Enum.GetValues<JobState>());

    [Fact]
    public void Operations_CoverEveryTransitionOfTheStateMachine()
    {
        var covered = Operations.SelectMany(o => o.Transitions).Append(JobTransitions.Submit).Append(JobTransitions.SubmitPreApproved);

        Assert.Equal(JobTransitions.All.Select(t => t.Name).Order(StringComparer.Ordinal), covered.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(States))]
    public async Task EveryOperation_FromThisState_IsMadeWithOneEntryExactlyWhenTheStateMachineAllowsIt(JobState from)
    {
        await using var harness = await LifecycleHarness.StartAsync(Engine);
        var number = 0;
        foreach (var (name, transitions) in Operations)
        {
            var job = await DriveAsync(harness, $"job-{from}-{number++}", from);
            var before = harness.Entries().Count;
            var legal = transitions.SingleOrDefault(t => t.From == from);

            var result = await InvokeAsync(harness, name, job);

            var stored = await harness.Store.GetJobAsync(job.Id, CancellationToken.None);
            var added = harness.Entries().Skip(before).ToList();
            if (legal is null)
            {
                Assert.False(result.Made, $"{name} from {from} was made");
                Assert.Equal(from, stored!.State);
                Assert.Empty(added);
            }
            else
            {
                Assert.True(result.Made, $"{name} from {from} was not made");
                Assert.Equal(legal.To, stored!.State);
                Assert.Equal(legal.To, result.Job!.State);
                var entry = Assert.Single(added);
                Assert.Equal((legal.Action, legal.Decision, "job/" + job.Id), (entry.Action, entry.Decision, entry.Resource));
                Assert.True(entry.Details!.ContainsKey(AuditTrail.OperationDetail));
                Assert.Equal(legal.To == JobState.Released, await harness.Store.GetResultAsync(job.Id, CancellationToken.None) is not null);
            }

            Assert.Empty(await harness.Store.ListOperationsAsync("urn:connector:tax@test", CancellationToken.None));
        }
    }

    [Fact]
    public async Task Submit_NewJob_IsOneEntryAndPreApprovalIsOneEntryToo()
    {
        await using var harness = await LifecycleHarness.StartAsync(Engine);

        await harness.SubmitAsync("job-new");
        await harness.SubmitAsync("job-pre", preApproved: true);

        Assert.Equal(
            [(AuditActions.JobSubmit, "job/job-new", "Submitted"), (AuditActions.JobSubmit, "job/job-pre", "Approved")],
            harness.Entries().Select(e => (e.Action, e.Resource, e.Details!["state"])));
        Assert.Equal(JobState.Approved, (await harness.Store.GetJobAsync("job-pre", CancellationToken.None))?.State);
    }

    [Fact]
    public async Task ConcurrentApprovals_SixteenCallers_OneWinnerOneEntry()
    {
        await using var harness = await LifecycleHarness.StartAsync(Engine);
        var job = await harness.SubmitAsync("job-approvals");

        var results = await Together(_ => harness.Lifecycle.ApproveAsync(job, "urn:party:tax-bureau", CancellationToken.None));

        Assert.Single(results, r => r.Made);
        Assert.Single(harness.Entries(), e => e.Action == AuditActions.JobApprove);
        Assert.Equal(JobState.Approved, (await harness.Store.GetJobAsync(job.Id, CancellationToken.None))?.State);
    }

    [Fact]
    public async Task ConcurrentReviews_SixteenCallersReleasingAndRefusing_OneWinnerOneEntry()
    {
        await using var harness = await LifecycleHarness.StartAsync(Engine);
        var job = await DriveAsync(harness, "job-reviews", JobState.PendingReview);

        var results = await Together(i => i % 2 == 0
            ? Release(harness, job, "urn:party:tax-bureau")
            : harness.Lifecycle.RefuseReviewedAsync(job, "urn:party:tax-bureau", "no", CancellationToken.None));

        var winner = Assert.Single(results, r => r.Made);
        var decided = harness.Entries().Where(e => e.Action is AuditActions.ResultRelease or AuditActions.ResultRefuse).ToList();
        Assert.Single(decided);
        var stored = await harness.Store.GetJobAsync(job.Id, CancellationToken.None);
        Assert.Equal(winner.Job!.State, stored!.State);
        Assert.Equal(stored.State == JobState.Released, await harness.Store.GetResultAsync(job.Id, CancellationToken.None) is not null);
        Assert.Null(await harness.Store.GetHeldOutputAsync(job.Id, CancellationToken.None));
    }

    [Fact]
    public async Task ConcurrentReleasesAndFailures_SixteenCallers_OneWinnerOneEntryOneResultAtMost()
    {
        await using var harness = await LifecycleHarness.StartAsync(Engine);
        var job = await DriveAsync(harness, "job-releases", JobState.Running);

        var results = await Together(i => i % 4 == 3
            ? harness.Lifecycle.FailAsync(job, "urn:connector:tax", "crashed", null, 0, Failed, CancellationToken.None)
            : Release(harness, job, LifecycleHarness.OperatorId));

        var winner = Assert.Single(results, r => r.Made);
        Assert.Single(harness.Entries(), e => e.Resource == "job/" + job.Id && e.Action is AuditActions.ResultRelease or AuditActions.JobFail);
        Assert.Equal(winner.Job!.State == JobState.Released, await harness.Store.GetResultAsync(job.Id, CancellationToken.None) is not null);
    }

    [Fact]
    public async Task Recover_JobThisReplicaWasRunning_FailsItWithOneEntry()
    {
        await using var harness = await LifecycleHarness.StartAsync(Engine);
        var running = await DriveAsync(harness, "job-running", JobState.Running);
        var before = harness.Entries().Count;

        var failed = await harness.Lifecycle.RecoverAsync(CancellationToken.None);

        Assert.Equal(1, failed);
        var stored = await harness.Store.GetJobAsync(running.Id, CancellationToken.None);
        Assert.Equal(JobState.Failed, stored!.State);
        Assert.Contains("nothing was released", stored.Reason, StringComparison.Ordinal);
        var entry = Assert.Single(harness.Entries().Skip(before));
        Assert.Equal((AuditActions.JobFail, AuditDecisions.Deny, "job/" + running.Id), (entry.Action, entry.Decision, entry.Resource));
    }

    [Fact]
    public async Task Recover_TransitionLoggedButNotFinalized_IsClosedAsAbortedAndTheJobStaysWhereItWas()
    {
        // A crash between the log entry and the store write: the log says "job.approve permit"; after recovery it also
        // says that approval was aborted, and the job is still Submitted, claimable again.
        await using var harness = await LifecycleHarness.StartAsync(Engine);
        var job = await harness.SubmitAsync("job-interrupted");
        var claim = harness.Audit.NewOperation(AuditActions.JobApprove, "job/" + job.Id, "urn:party:tax-bureau");
        Assert.True(await harness.Store.TryClaimJobAsync(job.Id, JobState.Submitted, claim, CancellationToken.None));
        await harness.Audit.OpenAsync(claim, AuditDecisions.Permit, new Dictionary<string, string> { ["agreement"] = job.AgreementId }, null);
        var unlogged = await harness.SubmitAsync("job-claimed-only");
        Assert.True(await harness.Store.TryClaimJobAsync(unlogged.Id, JobState.Submitted,
            harness.Audit.NewOperation(AuditActions.JobReject, "job/" + unlogged.Id, "urn:party:tax-bureau"), CancellationToken.None));
        var before = harness.Entries().Count;

        await harness.Lifecycle.RecoverAsync(CancellationToken.None);

        var closing = Assert.Single(harness.Entries().Skip(before));
        Assert.Equal((AuditActions.JobApprove, AuditDecisions.Aborted, "job/" + job.Id), (closing.Action, closing.Decision, closing.Resource));
        Assert.Equal(claim.Id, closing.Details![AuditTrail.OperationDetail]);
        Assert.Empty(await harness.Store.ListOperationsAsync("urn:connector:tax@test", CancellationToken.None));
        Assert.Equal(JobState.Submitted, (await harness.Store.GetJobAsync(job.Id, CancellationToken.None))?.State);
        Assert.True((await harness.Lifecycle.ApproveAsync(job, "urn:party:tax-bureau", CancellationToken.None)).Made);
        Assert.True((await harness.Lifecycle.RejectAsync(unlogged, "urn:party:tax-bureau", "no", CancellationToken.None)).Made);
    }

    [Fact]
    public async Task FailingEffect_IsClosedAsAbortedAtOnceAndTheJobIsUnchanged()
    {
        await using var harness = await LifecycleHarness.StartAsync(Engine);
        var job = await DriveAsync(harness, "job-broken-release", JobState.Running);
        var before = harness.Entries().Count;

        await Assert.ThrowsAsync<IOException>(() => harness.Lifecycle.ReleaseAsync(job, LifecycleHarness.OperatorId, Sealed(harness, job), Released,
            _ => throw new IOException("the receipt could not be made"), 0, CancellationToken.None));

        Assert.Equal(
            [(AuditActions.ResultRelease, AuditDecisions.Permit), (AuditActions.ResultRelease, AuditDecisions.Aborted)],
            harness.Entries().Skip(before).Select(e => (e.Action, e.Decision)));
        Assert.Equal(JobState.Running, (await harness.Store.GetJobAsync(job.Id, CancellationToken.None))?.State);
        Assert.Null(await harness.Store.GetResultAsync(job.Id, CancellationToken.None));
        Assert.True((await harness.Lifecycle.FailAsync(job, "urn:connector:tax", "failed", null, 0, Failed, CancellationToken.None)).Made);
    }

    /// <summary>A new job driven through the lifecycle to <paramref name="state"/>.</summary>
    private static async Task<Job> DriveAsync(LifecycleHarness harness, string id, JobState state)
    {
        var lifecycle = harness.Lifecycle;
        var token = CancellationToken.None;
        async Task<Job> Step(Task<TransitionResult> transition) => (await transition).Job!;
        return state switch
        {
            JobState.Submitted => await harness.SubmitAsync(id),
            JobState.Approved => await harness.SubmitAsync(id, preApproved: true),
            JobState.Rejected => await Step(lifecycle.RejectAsync(await harness.SubmitAsync(id), "urn:party:tax-bureau", "no", token)),
            JobState.Running => await Step(lifecycle.StartAsync(await harness.SubmitAsync(id, preApproved: true), token)),
            JobState.Released => await Step(Release(harness, await DriveAsync(harness, id, JobState.Running), LifecycleHarness.OperatorId)),
            JobState.PendingReview => await Step(Hold(harness, await DriveAsync(harness, id, JobState.Running))),
            JobState.Refused => await Step(lifecycle.RefuseBeforeStartAsync(await harness.SubmitAsync(id, preApproved: true), "ended", token)),
            JobState.Failed => await Step(lifecycle.FailAsync(await DriveAsync(harness, id, JobState.Running), "urn:connector:tax", "failed", null, 0, Failed, token)),
            JobState.Contributed => await Step(Contribute(harness, await DriveAsync(harness, id, JobState.Running))),
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
    }

    private static Task<TransitionResult> InvokeAsync(LifecycleHarness harness, string operation, Job job)
    {
        var lifecycle = harness.Lifecycle;
        var token = CancellationToken.None;
        return operation switch
        {
            "approve" => lifecycle.ApproveAsync(job, "urn:party:tax-bureau", token),
            "reject" => lifecycle.RejectAsync(job, "urn:party:tax-bureau", "no", token),
            "start" => lifecycle.StartAsync(job, token),
            "refuse before start" => lifecycle.RefuseBeforeStartAsync(job, "ended", token),
            "refuse run" => lifecycle.RefuseRunAsync(job, "the policy denies it", token),
            "fail" => lifecycle.FailAsync(job, "urn:connector:tax", "failed", null, 0, Failed, token),
            "hold" => Hold(harness, job),
            "release" => Release(harness, job, "urn:party:tax-bureau"),
            "refuse output" => lifecycle.RefuseOutputAsync(job, "vetting refused it", null, 0, Failed with { Outcome = MeterOutcome.Refused }, token),
            "refuse in review" => lifecycle.RefuseReviewedAsync(job, "urn:party:tax-bureau", "no", token),
            "contribute" => Contribute(harness, job),
            "release combined" => ReleaseCombined(harness, job),
            "refuse combined" => lifecycle.RefuseCombinedAsync(job, Federation, "a participant refused", token),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
    }

    private static Task<TransitionResult> Hold(LifecycleHarness harness, Job job)
    {
        var output = Encoding.UTF8.GetBytes("regions reviewed: 4\n");
        return harness.Lifecycle.HoldAsync(job, output, ResultReceipts.OutputDigestOf(output), null, 0, Failed with { Outcome = MeterOutcome.Held }, CancellationToken.None);
    }

    /// <summary>The meters the table's transitions end runs with (the executor's are tested in JobMeteringTests).</summary>
    private static readonly MeterRecord Failed = new() { Outcome = MeterOutcome.Failed, Billable = true, RowsRead = LifecycleHarness.Rows };

    private static readonly MeterRecord Released = Failed with { Outcome = MeterOutcome.Released };

    private static SealedResult Sealed(LifecycleHarness harness, Job job) =>
        JobDelivery.Seal(job.Id, JobManifest.Parse(Encoding.UTF8.GetBytes(job.ManifestJson)), "sha256:" + new string('d', 64), Encoding.UTF8.GetBytes("{\"aggregate\":[]}"));

    /// <summary>A two-connector federation request (docs/federation.md) for the federated transitions.</summary>
    private static readonly DataSpace.Connector.Federation.FederationRequest Federation = MakeFederation();

    private static DataSpace.Connector.Federation.FederationRequest MakeFederation()
    {
        using var key = DataSpace.Crypto.Signatures.SignatureSuites.Ed25519.GenerateKey();
        var body = System.Text.Json.Nodes.JsonNode.Parse($$"""
            {"federation": "fed-1", "aggregator": "{{new string('a', 32)}}", "keyAgreement": "x25519", "epsilon": 1.0,
             "recipient": {{System.Text.Json.JsonSerializer.Serialize(key.PublicKey.ExportPem())}},
             "plan": {"format": "dataspace/analysis-plan/v1", "dataset": "tax"}, "expires": "2030-01-01T00:00:00Z",
             "participants": [{"connector": "{{new string('a', 32)}}", "url": "http://127.0.0.1:1", "agreement": "agr", "dataset": "tax"},
                              {"connector": "{{new string('b', 32)}}", "url": "http://127.0.0.1:2", "agreement": "agr", "dataset": "tax"}]}
            """)!.AsObject();
        return DataSpace.Connector.Federation.FederationRequest.TryRead(SignedStatement.Sign(DataSpace.Connector.Federation.FederationRequest.Type, body, key), out var problem)
            ?? throw new InvalidOperationException(problem);
    }

    private static Task<TransitionResult> Contribute(LifecycleHarness harness, Job job) =>
        harness.Lifecycle.ContributeAsync(job, Federation, "sha256:" + new string('e', 64), Released, 0, _ => Task.CompletedTask, CancellationToken.None);

    private static Task<TransitionResult> ReleaseCombined(LifecycleHarness harness, Job job)
    {
        var sealedResult = Sealed(harness, job);
        var manifest = JobManifest.Parse(Encoding.UTF8.GetBytes(job.ManifestJson));
        return harness.Lifecycle.ReleaseCombinedAsync(job, Federation, [], sealedResult,
            index => Task.FromResult(harness.Delivery.Receipt(job, manifest, sealedResult, index, null, null)), CancellationToken.None);
    }

    private static Task<TransitionResult> Release(LifecycleHarness harness, Job job, string actor)
    {
        var sealedResult = Sealed(harness, job);
        var manifest = JobManifest.Parse(Encoding.UTF8.GetBytes(job.ManifestJson));
        return harness.Lifecycle.ReleaseAsync(job, actor, sealedResult, Released,
            index => Task.FromResult(harness.Delivery.Receipt(job, manifest, sealedResult, index, Released)), 0, CancellationToken.None);
    }

    /// <summary>Runs <see cref="Callers"/> calls on the thread pool behind one gate, so they reach the lifecycle together.</summary>
    private static async Task<TransitionResult[]> Together(Func<int, Task<TransitionResult>> call)
    {
        using var gate = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, Callers).Select(i => Task.Run(async () =>
        {
            gate.Wait();
            return await call(i);
        })).ToArray();
        gate.Set();
        return await Task.WhenAll(calls);
    }
}

public sealed class SqliteJobLifecycleTests : JobLifecycleContract
{
    protected override string Engine => "Sqlite";
}

public sealed class PostgresJobLifecycleTests : JobLifecycleContract
{
    protected override string Engine => "Postgres";
}
