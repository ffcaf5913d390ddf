using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Model;
using DataSpace.Connector.Plans;
using DataSpace.Connector.Privacy;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.State;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Plans;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// The run of an analysis plan (docs/analysis-plans.md): the same steps as a module's (use and budget reserved on every
/// dataset read, the decision and the debit logged before any data is read, the end published on the grid), but the
/// host evaluates the plan itself; no job code runs. An exact release passes query-set overlap control before it is
/// sealed; a refusal there says only that it was refused, the conflicting groups go to the supplier.
/// </summary>
internal sealed partial class JobExecutor
{
    /// <summary>The fixed reasons of a plan run's end: nothing in them depends on the data beyond which one it is.</summary>
    internal static class PlanReasons
    {
        public const string Overlap =
            "refused by query-set overlap control: a group of this exact release differs from a group released earlier over the same dataset by fewer rows " +
            "than the minimum group size (docs/analysis-plans.md, \"Release\")";

        public const string DataUnreadable = "the plan failed: the dataset could not be read";

        public const string NoLongerFits = "the plan failed: it no longer fits the dataset as registered";

        public static string WallTime(TimeSpan limit) =>
            string.Create(CultureInfo.InvariantCulture, $"the plan failed: it ran past its wall-time limit of {limit.TotalSeconds:0.###} s");
    }

    private static readonly JsonSerializerOptions PlanResultJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private async Task<TransitionResult> RunPlanAsync(JobExecution execution, List<Reservation> held, CancellationToken cancellationToken)
    {
        var (job, manifest, document) = (execution.Job, execution.Manifest, execution.Plan!);
        var now = time.GetUtcNow();
        var reads = new List<PlanRead> { new(execution.Agreement, execution.Policy, execution.Dataset!) };
        if (execution.Joined is { } joined)
        {
            reads.Add(joined);
        }

        // A use of every agreement the plan reads under, reserved first, so that concurrent runs never exceed a count.
        string? refusal = null;
        var uses = new List<Reservation>();
        foreach (var read in reads)
        {
            if (!JobExecutions.Stands(read.Agreement, now) || read.Agreement.OperatorId != job.OperatorId)
            {
                refusal ??= $"agreement '{read.Agreement.Id}' is revoked or has ended";
                continue;
            }

            var use = await ledger.TryReserveUseAsync(read.Agreement.Id, long.MaxValue, cancellationToken).ConfigureAwait(false);
            held.Add(use);
            uses.Add(use);
        }

        PlanDecision? decision = null;
        if (refusal is null)
        {
            decision = PlanDecisions.Decide(document, manifest, reads, [.. uses.Select(u => u.Usage.Uses)], job.DataUserId, now, Defaults);
            refusal = decision.Refusal;
        }

        var vetting = decision?.Vetting;
        if (refusal is null && execution.Federation is not null && vetting!.Mechanism != NoiseMechanism.Laplace)
        {
            refusal = FederationReasons.NeedsLaplace(vetting.Mechanism);
        }

        Reservation? budget = null;
        if (refusal is null && vetting!.Mechanism != NoiseMechanism.None)
        {
            var (limits, problem) = PlanDecisions.BudgetReads(decision!, reads);
            refusal = problem;
            if (refusal is null)
            {
                budget = await ledger.TryReserveBudgetAsync(job.AgreementId, new PrivacyBudget(vetting.Epsilon ?? 0, vetting.Delta ?? 0),
                    budgets.For(job.DataUserId, now, limits), cancellationToken).ConfigureAwait(false);
                held.Add(budget);
                refusal = budget.IsGranted ? null : BudgetAccounts.Refusal(budget);
            }
        }

        await audit.AppendAsync(job.OperatorId, AuditActions.PolicyDecision, Resource(job), refusal is null ? AuditDecisions.Permit : AuditDecisions.Deny,
            new Dictionary<string, string>
            {
                ["agreement"] = string.Join(",", reads.Select(r => r.Agreement.Id)),
                ["dataset"] = string.Join(",", reads.Select(r => r.DatasetId)),
                ["reason"] = refusal ?? "permitted",
                ["obligations"] = decision is null ? "" : string.Join("; ", decision.Decision.Obligations.Select(o => o.ToString())),
            }).ConfigureAwait(false);
        if (refusal is not null)
        {
            return await lifecycle.RefuseRunAsync(job, refusal, CancellationToken.None).ConfigureAwait(false);
        }

        // Charged for what could be revealed: from here on the plan reads data.
        if (budget is not null)
        {
            await budgets.DebitAsync(job, string.Join(",", reads.Select(r => r.DatasetId)), budget, [.. uses, budget], CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            foreach (var use in uses)
            {
                await ledger.CommitAsync(use, CancellationToken.None).ConfigureAwait(false);
            }
        }

        foreach (var read in reads)
        {
            await audit.AppendAsync(job.OperatorId, AuditActions.DatasetRead, Resource(job), AuditDecisions.Permit,
                new Dictionary<string, string>
                {
                    ["agreement"] = read.Agreement.Id,
                    ["dataset"] = read.DatasetId,
                    ["columns"] = string.Join(",", document.Plan.ColumnsOf(read.DatasetId)),
                },
                new Dictionary<string, string> { ["dataset"] = read.Dataset.ContentDigest, ["plan"] = document.Digest }).ConfigureAwait(false);
        }

        if (execution.Federation is { } federated)
        {
            return await ContributeAsync(execution, federated, vetting!, cancellationToken).ConfigureAwait(false);
        }

        var evaluating = Stopwatch.GetTimestamp();
        var (result, failure, detail, cpu) = await EvaluateAsync(execution, vetting!, cancellationToken).ConfigureAwait(false);
        var evaluated = Stopwatch.GetElapsedTime(evaluating);
        execution.RunEnded?.Invoke();
        if (result is not null && vetting!.Mechanism == NoiseMechanism.None && result.Collector is { } collector)
        {
            var conflict = await overlap.CheckAndRecordAsync(execution.Dataset!.Id, execution.DatasetDigest, job.Id, vetting.MinGroupSize, collector,
                result.Result, CancellationToken.None).ConfigureAwait(false);
            if (conflict is not null)
            {
                (failure, detail) = (PlanReasons.Overlap,
                    $"group '{conflict.GroupLabel}' differs from group '{conflict.EarlierGroupLabel}' released by job {conflict.EarlierJobId} " +
                    $"by at least one and fewer than {vetting.MinGroupSize} rows");
                result = null;
            }
        }

        metrics?.PlanRan(evaluated, result is not null ? Sandbox.Hosting.JobStatus.Released
            : failure == PlanReasons.Overlap ? Sandbox.Hosting.JobStatus.Refused : Sandbox.Hosting.JobStatus.Failed);
        var rows = execution.DatasetRows + (execution.Joined?.Dataset.RowCount ?? 0);
        var sealedResult = result is null ? null : JobDelivery.Seal(job.Id, manifest, execution.DatasetDigest, PlanResultDocument(execution, result.Result));
        var heldDetail = result is null ? HeldDetail.Create(job.Id, $"job {job.Id}: {failure}\ndetail: {detail}\n", time.GetUtcNow()) : null;
        var meter = RunMeters.OfPlan(execution,
            sealedResult is not null ? MeterOutcome.Released : failure == PlanReasons.Overlap ? MeterOutcome.Refused : MeterOutcome.Failed,
            failure is PlanReasons.DataUnreadable or PlanReasons.NoLongerFits, result?.Result,
            budget is null ? null : new PrivacyBudget(vetting!.Epsilon ?? 0, vetting.Delta ?? 0), new RunMeters.PlanMeasure(cpu, evaluated),
            CpuQuantum(execution), sealedResult?.Envelope.Length ?? 0);
        // If the connector stops first, nothing is published off the grid: the job stays Running, and restart recovery
        // fails it at a time it did not choose.
        await grid.WaitAsync(job.StartedAt ?? now, cancellationToken).ConfigureAwait(false);

        if (sealedResult is not null)
        {
            var joinedDigest = execution.Joined is { } joinedRead ? new DatasetDigest(joinedRead.DatasetId, joinedRead.Dataset.ContentDigest) : null;
            return await lifecycle.ReleaseAsync(job, job.OperatorId, sealedResult, meter, index =>
                Task.FromResult(delivery.Receipt(job, manifest, sealedResult, index, meter, joinedDigest)), rows, CancellationToken.None).ConfigureAwait(false);
        }

        return failure == PlanReasons.Overlap
            ? await lifecycle.RefuseOutputAsync(job, failure, heldDetail, rows, meter, CancellationToken.None).ConfigureAwait(false)
            : await lifecycle.FailAsync(job, job.OperatorId, failure!, heldDetail, rows, meter, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// The plan evaluated and released on a worker thread, within the wall-time limit; or the fixed reason it failed and,
    /// for the supplier, why; with the CPU time of that thread (<see cref="Sandbox.Hosting.ThreadCpuTime"/>) for the meter.
    /// </summary>
    private async Task<(PlanOutcome? Result, string? Failure, string? Detail, TimeSpan Cpu)> EvaluateAsync(
        JobExecution execution, Sandbox.Hosting.JobVetting vetting, CancellationToken cancellationToken)
    {
        var limits = JobWallTime.Apply(execution.Manifest.Limits, sandbox.Options.DefaultLimits, execution.WallTime);
        var collector = vetting.Mechanism == NoiseMechanism.None ? await overlap.CollectorAsync(cancellationToken).ConfigureAwait(false) : null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.WallTime);
        var run = new PlanRun
        {
            Plan = execution.Plan!.Plan,
            Dataset = PlanDatasets.Of(execution.Dataset!, execution.Data.Schema),
            Data = execution.Data,
            JoinedDataset = execution.Joined is { } joined ? PlanDatasets.Of(joined.Dataset, execution.JoinedData!.Schema) : null,
            JoinedData = execution.JoinedData,
            Release = new PlanReleaseOptions
            {
                Mechanism = vetting.Mechanism,
                Epsilon = vetting.Mechanism == NoiseMechanism.None ? null : vetting.Epsilon,
                Delta = vetting.Mechanism == NoiseMechanism.Gaussian ? vetting.Delta : null,
                MinGroupSize = vetting.MinGroupSize,
            },
            Rows = collector,
        };
        var cpu = TimeSpan.Zero;
        PlanResult Evaluate()
        {
            var (cpuStart, wallStart) = (Sandbox.Hosting.ThreadCpuTime.Now(), Stopwatch.GetTimestamp());
            try
            {
                return PlanRunner.Run(run, deadline.Token);
            }
            finally
            {
                cpu = Sandbox.Hosting.ThreadCpuTime.Since(cpuStart, Stopwatch.GetElapsedTime(wallStart));
            }
        }

        try
        {
            var result = await Task.Run(Evaluate, deadline.Token).ConfigureAwait(false);
            return (new PlanOutcome(result, collector), null, null, cpu);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, PlanReasons.WallTime(limits.WallTime), "the wall-time limit was reached", cpu);
        }
        catch (DataSourceException e)
        {
            return (null, PlanReasons.DataUnreadable, e.Message, cpu);
        }
        catch (PlanException e)
        {
            return (null, PlanReasons.NoLongerFits, e.Message, cpu);
        }
    }

    /// <summary>The document sealed to the data user for a plan: the plan's digest, the datasets read and the release.</summary>
    private static byte[] PlanResultDocument(JobExecution execution, PlanResult result) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        job = execution.Job.Id,
        agreement = execution.Job.AgreementId,
        dataset = execution.Manifest.DatasetId,
        joined = execution.Joined is { } joined ? new { dataset = joined.DatasetId, agreement = joined.Agreement.Id } : null,
        plan = execution.Plan!.Digest,
        output = "aggregate",
        result = JsonSerializer.SerializeToNode(result, PlanResultJson),
    }, ResultJson);

    /// <summary>A plan's release and the row sets collected for overlap control (exact releases only).</summary>
    private sealed record PlanOutcome(PlanResult Result, RowSetCollector? Collector);
}
