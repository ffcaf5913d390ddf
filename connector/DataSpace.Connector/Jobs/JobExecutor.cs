using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Model;
using DataSpace.Connector.Privacy;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.State;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// Runs one started job through the architecture's steps 5 to 7: decide (use and budget reserved first, so concurrent
/// jobs never overspend), read, run in the sandbox, vet, and end it through <see cref="JobLifecycle"/>: released,
/// held for review, refused or failed. The decision, the budget debit and the read are logged before any data is read;
/// the release is logged before the sealed result or its receipt exist. What the run reserved is returned only when it
/// is refused before reading data: once it reads, its use and budget are spent (docs/privacy-budget.md).
/// </summary>
internal sealed partial class JobExecutor(
    SandboxHost sandbox, AuditTrail audit, JobLifecycle lifecycle, JobDelivery delivery, IUsageLedger ledger, BudgetAccounts budgets, TimeProvider time,
    JobPublishGrid grid, Plans.OverlapControl overlap, Telemetry.ConnectorMetrics? metrics = null, Federation.FederationContributor? contributor = null,
    Tasks.JobTasks? tasks = null)
{
    private static readonly JsonSerializerOptions ResultJson = new()
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The vetting defaults the policy's obligations refine.</summary>
    public JobVetting Defaults { get; init; } = new();

    /// <summary>Runs the job and ends it; returns the lifecycle's result of its last transition.</summary>
    public async Task<TransitionResult> RunAsync(JobExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        using var activity = Telemetry.ConnectorTelemetry.ActivitySource.StartActivity("dataspace.job.run");
        activity?.SetTag("dataspace.job.id", execution.Job.Id);
        activity?.SetTag("dataspace.agreement.id", execution.Job.AgreementId);
        var held = new List<Reservation>();
        try
        {
            return await RunCoreAsync(execution, held, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Whatever was not sealed (the run was refused before reading data) returns (ReleaseAsync refuses sealed ones).
            foreach (var reservation in held)
            {
                try
                {
                    await ledger.ReleaseAsync(reservation, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or IOException)
                {
                    // The run's own outcome is the one to report.
                }
            }
        }
    }

    private async Task<TransitionResult> RunCoreAsync(JobExecution execution, List<Reservation> held, CancellationToken cancellationToken)
    {
        if (execution.Plan is not null)
        {
            return await RunPlanAsync(execution, held, cancellationToken).ConfigureAwait(false);
        }

        var (job, manifest) = (execution.Job, execution.Manifest);
        var use = await ledger.TryReserveUseAsync(job.AgreementId, long.MaxValue, cancellationToken).ConfigureAwait(false);
        held.Add(use);
        var decision = new PolicyEvaluator(execution.Policy).Evaluate(JobPolicyRequests.For(
            manifest, execution.Agreement, execution.ProgramDigest, job.DataUserId, execution.ClassificationLevel, use.Usage.Uses, time.GetUtcNow()));

        string? refusal = decision.IsPermitted ? null : "the policy denies this run: " + string.Join("; ", decision.Reasons.Select(r => r.Message));

        // Defensively, as at submission: a module never runs where the policy asks for noise (docs/module-review.md).
        refusal ??= ModuleReview.NoiseRefusal(decision);

        // Again at run time, before any data is read: the agreement's price must still be computable (fail closed).
        refusal ??= JobDuties.Refusal(decision) ?? JobPrices.Refusal(execution.Policy, decision, execution.Agreement.Purpose, execution.DatasetRows, time.GetUtcNow());
        JobVetting? vetting = null;
        if (refusal is null)
        {
            try
            {
                vetting = manifest.Vetting(decision, Defaults);
                vetting = vetting with { IdentifyingColumns = [.. vetting.IdentifyingColumns.Union(execution.IdentifyingColumns, StringComparer.Ordinal)] };
            }
            catch (ArgumentException e)
            {
                refusal = e.Message;
            }
        }

        // Privacy budget: reserved on every account of the run at once (agreement, data user on the dataset, dataset in
        // this period; docs/privacy-budget.md), so concurrent runs and new agreements never overspend.
        Reservation? budget = null;
        if (refusal is null && vetting!.Mechanism != Sandbox.Aggregation.NoiseMechanism.None)
        {
            var (limit, problem) = BudgetAccounts.AgreementLimit(decision);
            refusal = problem;
            if (refusal is null)
            {
                budget = await ledger.TryReserveBudgetAsync(job.AgreementId, new PrivacyBudget(vetting.Epsilon ?? 0, vetting.Delta ?? 0),
                    budgets.For(job.AgreementId, manifest.DatasetId, job.DataUserId, limit, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                held.Add(budget);
                refusal = budget.IsGranted ? null : BudgetAccounts.Refusal(budget);
            }
        }

        await audit.AppendAsync(job.OperatorId, AuditActions.PolicyDecision, Resource(job), refusal is null ? AuditDecisions.Permit : AuditDecisions.Deny,
            new Dictionary<string, string>
            {
                ["agreement"] = job.AgreementId,
                ["dataset"] = manifest.DatasetId,
                ["reason"] = refusal ?? "permitted",
                ["obligations"] = string.Join("; ", decision.Obligations.Select(o => o.ToString())),
            }).ConfigureAwait(false);
        if (refusal is not null)
        {
            return await lifecycle.RefuseRunAsync(job, refusal, CancellationToken.None).ConfigureAwait(false);
        }

        // Charged for what could be revealed: from here on the run reads data, so its use and its budget are spent
        // whatever happens after (released, held, refused, failed); only a run refused above gets them back.
        if (budget is not null)
        {
            await budgets.DebitAsync(job, manifest.DatasetId, budget, [use, budget], CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await ledger.CommitAsync(use, CancellationToken.None).ConfigureAwait(false);
        }

        var request = new JobRequest
        {
            JobId = job.Id,
            Module = execution.Module!,
            Data = execution.Data,
            Columns = manifest.Columns,
            OutputKind = manifest.Output,
            Limits = JobWallTime.Apply(manifest.Limits, sandbox.Options.DefaultLimits, execution.WallTime),
            Vetting = vetting!,
        };
        JobOutcome outcome;
        if (tasks?.Splits(execution) == true)
        {
            // Split into tasks that the runners of every replica claim; each logs its own read (docs/connector-service.md, "Tasks").
            outcome = await tasks.RunAsync(execution, request, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await audit.AppendAsync(job.OperatorId, AuditActions.DatasetRead, Resource(job), AuditDecisions.Permit,
                new Dictionary<string, string> { ["agreement"] = job.AgreementId, ["dataset"] = manifest.DatasetId, ["columns"] = string.Join(",", manifest.Columns) },
                new Dictionary<string, string> { ["dataset"] = execution.DatasetDigest, ["module"] = execution.ProgramDigest }).ConfigureAwait(false);
            outcome = await sandbox.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }

        metrics?.ModuleRan(outcome);

        // From here on the run has happened: what it led to is logged even when the connector is stopping. Nothing the job
        // chose reaches the operator or the data user: the reason is a fixed one (JobReasons), the rows processed are the
        // dataset's (not how many the job pulled), what it chose is held for the supplier (the log binds it by a keyed
        // HMAC, never by a digest an auditor could brute-force), and the end is published on the grid.
        execution.RunEnded?.Invoke();
        var rows = execution.DatasetRows;
        var detail = outcome.Status is JobStatus.Failed or JobStatus.Refused ? HeldDetail.Create(job.Id, HeldText(execution, outcome), time.GetUtcNow()) : null;
        var sealedResult = outcome.Status == JobStatus.Released
            ? JobDelivery.Seal(job.Id, manifest, execution.DatasetDigest, ResultDocument(execution, outcome))
            : null;
        var meter = RunMeters.OfModule(execution, outcome, budget is null ? null : new PrivacyBudget(vetting!.Epsilon ?? 0, vetting.Delta ?? 0),
            CpuQuantum(execution), sealedResult?.Envelope.Length ?? outcome.CustomOutput?.Length ?? 0);
        await PublishOnGridAsync(execution, outcome, cancellationToken).ConfigureAwait(false);
        switch (outcome.Status)
        {
            case JobStatus.Released:
                return await lifecycle.ReleaseAsync(job, job.OperatorId, sealedResult!, meter, async index =>
                {
                    foreach (var reservation in held)
                    {
                        if (reservation.IsGranted)
                        {
                            await ledger.CommitAsync(reservation, CancellationToken.None).ConfigureAwait(false);
                        }
                    }

                    return delivery.Receipt(job, manifest, sealedResult!, index, meter);
                }, rows, CancellationToken.None).ConfigureAwait(false);
            case JobStatus.PendingReview:
                // The use stays reserved while the output waits: a review that releases it counts it.
                held.Remove(use);
                var output = outcome.CustomOutput!.Value;
                var leakCheck = new Api.LeakCheckView(vetting!.IdentifyingColumns, manifest.Columns, outcome.LeakCheck?.Findings ?? [], outcome.LeakCheck?.FindingsTruncated ?? false);
                return await lifecycle.HoldAsync(job, output, ResultReceipts.OutputDigestOf(output.Span), leakCheck.ToJson(), rows, meter, CancellationToken.None).ConfigureAwait(false);
            case JobStatus.Refused:
                return await lifecycle.RefuseOutputAsync(job, outcome.Reason ?? "vetting refused the output", detail, rows, meter, CancellationToken.None).ConfigureAwait(false);
            default:
                return await lifecycle.FailAsync(job, job.OperatorId, outcome.Reason ?? "the job failed", detail, rows, meter, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for the grid point after the run's start (docs/connector-service.md, "Publication grid"), then logs the denied
    /// reads; the caller then ends the job. If the connector stops first, the end is not published off the grid: the denied
    /// reads are logged and the job stays Running, for restart recovery to fail ("interrupted") at a time it did not choose.
    /// </summary>
    private async Task PublishOnGridAsync(JobExecution execution, JobOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            await grid.WaitAsync(execution.Job.StartedAt ?? time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await LogDeniedReadsAsync(execution, outcome).ConfigureAwait(false);
            throw;
        }

        await LogDeniedReadsAsync(execution, outcome).ConfigureAwait(false);
    }

    /// <summary>
    /// A deny per column the job asked for and may not read. The name was chosen by the job: the log names it only if it
    /// is a column of the dataset; any other name goes to the supplier in the held detail, and the log holds nothing of it
    /// (not even a digest, which an auditor could match against candidate names).
    /// </summary>
    private async Task LogDeniedReadsAsync(JobExecution execution, JobOutcome outcome)
    {
        var (job, manifest) = (execution.Job, execution.Manifest);
        foreach (var denied in outcome.DeniedColumns)
        {
            var known = execution.Data.Schema.IndexOf(denied) >= 0;
            await audit.AppendAsync(job.OperatorId, AuditActions.DatasetRead, Resource(job), AuditDecisions.Deny,
                new Dictionary<string, string> { ["agreement"] = job.AgreementId, ["dataset"] = manifest.DatasetId, ["column"] = known ? denied : "(not a column of the dataset)" })
                .ConfigureAwait(false);
        }
    }

    /// <summary>What the supplier is told of a failed or refused run: everything the job chose, which nobody else sees.</summary>
    private static string HeldText(JobExecution execution, JobOutcome outcome)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"job {execution.Job.Id}: {outcome.Status}{(outcome.Failure is { } kind ? $" ({kind})" : "")}: {outcome.Reason}\n");
        if (outcome.Detail is { } detail)
        {
            text.Append("detail: ").Append(detail).Append('\n');
        }

        if (outcome.JobMessage is { } message)
        {
            text.Append("message from the job (dsc_error): ").Append(message).Append('\n');
        }

        foreach (var denied in outcome.DeniedColumns)
        {
            text.Append("column asked for and denied: ").Append(denied).Append('\n');
        }

        var run = outcome.Statistics;
        text.Append(CultureInfo.InvariantCulture,
            $"run: pulled {run.RowsRead:N0} rows in {run.Batches:N0} batches, {run.BytesFed:N0} bytes fed, {run.HostCalls:N0} host calls, {run.FuelConsumed:N0} fuel, {run.Elapsed.TotalMilliseconds:0} ms\n");
        return text.ToString();
    }

    private static string Resource(Job job) => "job/" + job.Id;

    /// <summary>The step CPU time is billed in, or null when the agreement's price needs no CPU time (docs/metering.md, "CPU time").</summary>
    private TimeSpan? CpuQuantum(JobExecution execution) => RunMeters.PricesCpu(execution.Policy) ? RunMeters.Quantum(grid.Grid) : null;

    /// <summary>The document sealed to the data user: what was released, and under which rules.</summary>
    private static byte[] ResultDocument(JobExecution execution, JobOutcome outcome) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        job = execution.Job.Id,
        agreement = execution.Job.AgreementId,
        dataset = execution.Manifest.DatasetId,
        module = execution.ProgramDigest,
        output = execution.Manifest.Output.ToString().ToLowerInvariant(),
        aggregate = outcome.Aggregate,
        model = outcome.Model,
        custom = outcome.CustomOutput is { } custom ? Convert.ToBase64String(custom.Span) : null,
    }, ResultJson);
}
