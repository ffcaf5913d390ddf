using System.Text.Json.Nodes;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// The one owner of the job state machine (<see cref="JobTransitions"/>; docs/connector-service.md, "Job lifecycle").
/// Every transition is claim → log → effect → finalize: a compare-and-set claims the job in the store (so of any number
/// of concurrent callers, on any replica, one wins; the others log nothing and change nothing), the one log entry of the
/// transition is appended, the effect happens, and the new state is stored in one transaction with the end of the
/// claim. If the effect fails the transition is closed with an <c>aborted</c> entry and the job stays where it was;
/// if the process dies, restart recovery does the same (<see cref="RecoverAsync"/>). API handlers, the runner and the
/// executor call this class and hold no transition logic of their own.
/// </summary>
internal sealed partial class JobLifecycle(
    IConnectorStore store, AuditTrail audit, SigningKey connectorKey, ConnectorIdentity identity, ConnectorReplica replica,
    JobRunnerSignal signal, TimeProvider time, ILogger<JobLifecycle> logger, Telemetry.ConnectorMetrics? metrics = null)
{
    /// <summary>
    /// The statement type of the supplier's approval: body <c>{job, module, manifest, approver}</c> and, for a module
    /// submitted with its source, <c>source</c> (digests; docs/audit-log.md, "Approvals").
    /// </summary>
    public const string ApprovalType = "dataspace/approval/v1";

    /// <summary>Submits a new job (Submitted, or Approved when it is pre-approved) and stores its module; false if the id is taken.</summary>
    public Task<bool> SubmitAsync(Job job, ReadOnlyMemory<byte> module, IReadOnlyDictionary<string, string> digests, CancellationToken cancellationToken) =>
        SubmitAsync(job, module, null, digests, cancellationToken);

    /// <summary>As above, and stores the module's <paramref name="source"/> (the job's <see cref="Job.SourceDigest"/> names it).</summary>
    public async Task<bool> SubmitAsync(
        Job job, ReadOnlyMemory<byte> module, ModuleSource? source, IReadOnlyDictionary<string, string> digests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (source?.Digest != job.SourceDigest)
        {
            throw new ArgumentException($"job {job.Id} names source {job.SourceDigest ?? "(none)"}, not {source?.Digest ?? "(none)"}", nameof(source));
        }

        var transition = job.State == JobState.Approved ? JobTransitions.SubmitPreApproved : JobTransitions.Submit;
        var details = new Dictionary<string, string> { ["agreement"] = job.AgreementId, ["state"] = job.State.ToString() };
        if (job.Reason is { } reason)
        {
            details["reason"] = reason;
        }

        var operation = await audit.BeginAsync(transition.Action, Resource(job.Id), job.OperatorId, transition.Decision, details, digests, cancellationToken)
            .ConfigureAwait(false);
        if (operation is null)
        {
            return false;
        }

        await operation.CompleteAsync(async () =>
        {
            await store.PutModuleAsync(job.ModuleDigest, module, CancellationToken.None).ConfigureAwait(false);
            if (source is not null)
            {
                await store.PutSourceAsync(source.Digest, source.Text, CancellationToken.None).ConfigureAwait(false);
            }

            await store.AddJobAsync(job, operation.Id, CancellationToken.None).ConfigureAwait(false);
        }, Failed(transition)).ConfigureAwait(false);
        Observe(transition, job, job.OperatorId, 0);
        if (transition.To == JobState.Approved)
        {
            signal.Wake();
        }

        return true;
    }

    /// <summary>
    /// The supplier approves the job's exact module digest, manifest and source: a statement signed by the connector. A
    /// module submitted without its source is refused (<see cref="ModuleReview.ApprovalRefusal"/>), claiming and logging nothing.
    /// </summary>
    public async Task<TransitionResult> ApproveAsync(Job job, string approver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (ModuleReview.ApprovalRefusal(job) is { } refusal)
        {
            return TransitionResult.Refused(job, refusal);
        }

        var body = new JsonObject
        {
            ["job"] = job.Id,
            ["module"] = job.ModuleDigest,
            ["manifest"] = Sha256Digest.Of(job.ManifestJson),
            ["approver"] = approver,
        };
        var digests = new Dictionary<string, string> { ["module"] = job.ModuleDigest };
        if (job.SourceDigest is { } source)
        {
            body["source"] = source;
            digests["source"] = source;
        }

        var approval = SignedStatement.Sign(ApprovalType, body, connectorKey).ToString();
        digests["approval"] = Sha256Digest.Of(approval);
        var now = time.GetUtcNow();
        var result = await ApplyAsync(job, JobTransitions.Approve, approver, [], digests,
            _ => Task.FromResult(new Step
            {
                Changes = new JobChanges
                {
                    ApprovalSignature = approval,
                    ApprovedAt = now,
                    Reason = job.SourceDigest is null ? "approved by the supplier" : "approved by the supplier with its source",
                },
            }), cancellationToken).ConfigureAwait(false);
        if (result.Made)
        {
            signal.Wake();
        }

        return result;
    }

    public Task<TransitionResult> RejectAsync(Job job, string actor, string reason, CancellationToken cancellationToken) =>
        ApplyAsync(job, JobTransitions.Reject, actor, new() { ["reason"] = reason }, null, Ended(reason), cancellationToken);

    /// <summary>The runner starts the job: from here its run, whatever its end, is this replica's to finish or to fail on restart.</summary>
    public Task<TransitionResult> StartAsync(Job job, CancellationToken cancellationToken) =>
        ApplyAsync(job, JobTransitions.Start, identity.Id, new() { ["runner"] = replica.Id }, null,
            _ => Task.FromResult(new Step { Changes = new JobChanges { RunnerId = replica.Id, StartedAt = time.GetUtcNow() } }), cancellationToken);

    /// <summary>An approved job whose agreement ended or was revoked before it started.</summary>
    public Task<TransitionResult> RefuseBeforeStartAsync(Job job, string reason, CancellationToken cancellationToken) =>
        ApplyAsync(job, JobTransitions.RefuseBeforeStart, identity.Id, new() { ["reason"] = reason }, null, Ended(reason), cancellationToken);

    /// <summary>The policy or the privacy budget refused the run before any data was read.</summary>
    public Task<TransitionResult> RefuseRunAsync(Job job, string reason, CancellationToken cancellationToken) =>
        ApplyAsync(job, JobTransitions.RefuseRun, job.OperatorId, Metered(new() { ["reason"] = reason }, RunMeters.NothingRead(MeterOutcome.Refused)), null,
            Ended(reason, meter: RunMeters.NothingRead(MeterOutcome.Refused)), cancellationToken);

    /// <summary>
    /// The job failed. The reason is fit for anyone (a fixed one, <see cref="Sandbox.Hosting.JobReasons"/>); what the job may
    /// have chosen is <paramref name="detail"/>, stored for the supplier with the new state and bound in the log entry by
    /// its keyed <see cref="HeldDetail.Binding"/> only, never by a digest of the text.
    /// </summary>
    public Task<TransitionResult> FailAsync(
        Job job, string actor, string reason, HeldDetail? detail, long rowsProcessed, MeterRecord meter, CancellationToken cancellationToken) =>
        ApplyAsync(job, JobTransitions.Fail, actor, Metered(new() { ["reason"] = reason }, meter), Detail(detail), Ended(reason, rowsProcessed, detail, meter), cancellationToken);

    /// <summary>Vetting refused the output; as for <see cref="FailAsync"/>, what the job chose is held for the supplier.</summary>
    public Task<TransitionResult> RefuseOutputAsync(
        Job job, string reason, HeldDetail? detail, long rowsProcessed, MeterRecord meter, CancellationToken cancellationToken) =>
        ApplyAsync(job, JobTransitions.RefuseOutput, job.OperatorId, Metered(new() { ["reason"] = reason }, meter), Detail(detail),
            Ended(reason, rowsProcessed, detail, meter), cancellationToken);

    /// <summary>
    /// Custom output passed the leak check: it is kept for the supplier's review with the check's verdict
    /// (<paramref name="leakCheckJson"/>), logged by its digest.
    /// </summary>
    public Task<TransitionResult> HoldAsync(
        Job job, ReadOnlyMemory<byte> output, string outputDigest, string? leakCheckJson, long rowsRead, MeterRecord meter, CancellationToken cancellationToken)
    {
        const string reason = "custom output passed the leak check; held for the supplier's review";
        return ApplyAsync(job, JobTransitions.Hold, job.OperatorId, Metered(new() { ["reason"] = reason }, meter),
            new() { ["output"] = outputDigest, ["module"] = job.ModuleDigest },
            _ => Task.FromResult(new Step
            {
                Changes = new JobChanges { Reason = "custom output waits for the supplier's review", FinishedAt = time.GetUtcNow() },
                HeldOutput = output,
                HeldLeakCheckJson = leakCheckJson,
                RowsRead = rowsRead,
                Meter = meter,
            }), cancellationToken);
    }

    /// <summary>
    /// Releases a result, from a run or after the supplier's review: the release entry names the sealed output and its
    /// recipient and carries the run's <paramref name="meter"/> (published form; after review,
    /// <see cref="RunMeters.AfterReview"/>); <paramref name="deliver"/>, given the entry's index, makes the receipt, which
    /// carries the same meter (and commits what the run reserved), and its result is stored with the new state.
    /// </summary>
    public Task<TransitionResult> ReleaseAsync(
        Job job, string actor, SealedResult sealedResult, MeterRecord meter, Func<long, Task<JobResult>> deliver, long rowsRead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sealedResult);
        ArgumentNullException.ThrowIfNull(meter);
        var reviewed = job.State == JobState.PendingReview;
        var transition = reviewed ? JobTransitions.ReleaseReviewed : JobTransitions.Release;
        var details = new Dictionary<string, string> { ["recipient"] = sealedResult.RecipientKeyId };
        if (reviewed)
        {
            details["reviewer"] = actor;
        }

        return ApplyAsync(job, transition, actor, Metered(details, meter),
            new() { ["output"] = sealedResult.OutputDigest, ["module"] = job.ModuleDigest, ["dataset"] = sealedResult.DatasetDigest },
            async index => new Step
            {
                Changes = new JobChanges { Reason = reviewed ? "released after review" : "released", FinishedAt = time.GetUtcNow() },
                Result = await deliver(index).ConfigureAwait(false),
                RowsRead = rowsRead,
                Meter = meter,
            }, cancellationToken);
    }

    /// <summary>The supplier refuses output held for review; the held output is forgotten.</summary>
    public Task<TransitionResult> RefuseReviewedAsync(Job job, string actor, string reason, CancellationToken cancellationToken)
    {
        var meter = RunMeters.AfterReview(job, MeterOutcome.Refused);
        return ApplyAsync(job, JobTransitions.RefuseReviewed, actor, Metered(new() { ["reason"] = reason }, meter), null, Ended(reason, meter: meter), cancellationToken);
    }

    /// <summary>
    /// Restart recovery: operations this replica left half done are closed (<see cref="AuditTrail.RecoverAsync"/>), then every
    /// job it was running fails, logged, with "nothing was released". Returns how many jobs failed.
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        await audit.RecoverAsync(cancellationToken).ConfigureAwait(false);
        var failed = 0;
        foreach (var job in await store.ListJobsAsync(JobState.Running, cancellationToken).ConfigureAwait(false))
        {
            if (job.RunnerId == replica.Id
                && (await FailAsync(job, identity.Id, InterruptedReason, null, 0, RunMeters.NothingRead(MeterOutcome.Failed), cancellationToken).ConfigureAwait(false)).Made)
            {
                failed++;
                LogInterrupted(logger, job.Id);
            }
        }

        return failed;
    }

    /// <summary>Why a job the connector was running when it stopped has failed.</summary>
    public const string InterruptedReason = "interrupted: the connector stopped while the job was running; nothing was released; submit it again";

    /// <summary>claim → log → effect → finalize, for one transition of one job.</summary>
    private async Task<TransitionResult> ApplyAsync(
        Job job, JobTransition transition, string actor, Dictionary<string, string> details, Dictionary<string, string>? digests,
        Func<long, Task<Step>> effect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var from = transition.From ?? throw new ArgumentException($"{transition.Name} makes a new job", nameof(transition));
        var operation = audit.NewOperation(transition.Action, Resource(job.Id), actor);
        if (!await store.TryClaimJobAsync(job.Id, from, operation, cancellationToken).ConfigureAwait(false))
        {
            return TransitionResult.Lost(await store.GetJobAsync(job.Id, CancellationToken.None).ConfigureAwait(false));
        }

        // From the claim on, the transition is finished or aborted whatever the caller's token says.
        details["agreement"] = job.AgreementId;
        var opened = await audit.OpenAsync(operation, transition.Decision, details, digests).ConfigureAwait(false);
        Step step = null!;
        await opened.CompleteAsync(async () =>
        {
            step = await effect(opened.Index).ConfigureAwait(false);
            var finalized = await store.FinalizeJobAsync(new JobFinalization
            {
                JobId = job.Id,
                OperationId = opened.Id,
                To = transition.To,
                Changes = step.Changes,
                Result = step.Result,
                HeldOutput = step.HeldOutput,
                HeldLeakCheckJson = step.HeldLeakCheckJson,
                Detail = step.Detail,
                RowsProcessed = step.RowsRead,
                Meter = step.Meter,
            }, CancellationToken.None).ConfigureAwait(false);
            if (!finalized)
            {
                throw new InvalidOperationException($"job {job.Id} lost the claim of {opened.Id}");
            }
        }, Failed(transition)).ConfigureAwait(false);
        var after = After(job, transition.To, step);
        Observe(transition, after, actor, step.RowsRead);
        return new TransitionResult(true, after);
    }

    private static Func<Exception, string> Failed(JobTransition transition) =>
        failure => $"the {transition.Name} did not take effect: {failure.GetType().Name}";

    private Func<long, Task<Step>> Ended(string reason, long rowsRead = 0, HeldDetail? detail = null, MeterRecord? meter = null) =>
        _ => Task.FromResult(new Step { Changes = new JobChanges { Reason = reason, FinishedAt = time.GetUtcNow() }, RowsRead = rowsRead, Detail = detail, Meter = meter });

    /// <summary>The details of an entry ending a run, with the run's meter in its published form (docs/audit-log.md, "Meters").</summary>
    private static Dictionary<string, string> Metered(Dictionary<string, string> details, MeterRecord meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        details[ResultReceipts.MeterDetail] = meter.Published().ToJson();
        return details;
    }

    private static Dictionary<string, string>? Detail(HeldDetail? detail) => detail is null ? null : new() { ["detail"] = detail.Binding };

    private static Job After(Job job, JobState state, Step step) => job with
    {
        State = state,
        Reason = step.Changes.Reason ?? job.Reason,
        ApprovalSignature = step.Changes.ApprovalSignature ?? job.ApprovalSignature,
        RunnerId = step.Changes.RunnerId ?? job.RunnerId,
        ApprovedAt = step.Changes.ApprovedAt ?? job.ApprovedAt,
        StartedAt = step.Changes.StartedAt ?? job.StartedAt,
        FinishedAt = step.Changes.FinishedAt ?? job.FinishedAt,
        Attempt = job.Attempt + (state == JobState.Running ? 1 : 0),
        RowsProcessed = job.RowsProcessed + step.RowsRead,
        Meter = step.Meter ?? job.Meter,
    };

    private static string Resource(string jobId) => "job/" + jobId;

    /// <summary>What a transition's effect stores with the new state.</summary>
    private sealed record Step
    {
        public JobChanges Changes { get; init; } = JobChanges.None;

        public JobResult? Result { get; init; }

        public ReadOnlyMemory<byte>? HeldOutput { get; init; }

        public string? HeldLeakCheckJson { get; init; }

        public HeldDetail? Detail { get; init; }

        public long RowsRead { get; init; }

        public MeterRecord? Meter { get; init; }
    }

    [LoggerMessage(EventId = EventIds.InterruptedJobFailed, EventName = nameof(EventIds.InterruptedJobFailed), Level = LogLevel.Warning,
        Message = "Job {JobId} was running when the connector stopped: failed")]
    private static partial void LogInterrupted(ILogger logger, string jobId);
}
