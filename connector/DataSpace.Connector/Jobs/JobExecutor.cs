using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataSpace.Connector.Audit;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.State;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// Runs one started job through the architecture's steps 5 to 7: decide (use and budget reserved first, so concurrent
/// jobs never overspend), read, run in the sandbox, vet, and end it through <see cref="JobLifecycle"/>: released,
/// held for review, refused or failed. The decision and the read are logged before any data is read; the release is
/// logged before the sealed result or its receipt exist. What the run reserved is returned unless output was released.
/// </summary>
internal sealed class JobExecutor(SandboxHost sandbox, AuditTrail audit, JobLifecycle lifecycle, JobDelivery delivery, IUsageLedger ledger, TimeProvider time)
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
        var held = new List<Reservation>();
        try
        {
            return await RunCoreAsync(execution, held, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Whatever was not committed by a release returns to the agreement (ReleaseAsync refuses committed ones).
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
        var (job, manifest) = (execution.Job, execution.Manifest);
        var use = await ledger.TryReserveUseAsync(job.AgreementId, long.MaxValue, cancellationToken).ConfigureAwait(false);
        held.Add(use);
        var decision = new PolicyEvaluator(execution.Policy).Evaluate(JobPolicyRequests.For(
            manifest, execution.Agreement, execution.Module.Digest, job.DataUserId, execution.ClassificationLevel, use.Usage.Uses, time.GetUtcNow()));

        string? refusal = decision.IsPermitted ? null : "the policy denies this run: " + string.Join("; ", decision.Reasons.Select(r => r.Message));
        JobVetting? vetting = null;
        if (refusal is null)
        {
            try
            {
                vetting = manifest.Vetting(decision, Defaults);
            }
            catch (ArgumentException e)
            {
                refusal = e.Message;
            }
        }

        Reservation? budget = null;
        if (refusal is null && vetting!.Mechanism != Sandbox.Aggregation.NoiseMechanism.None)
        {
            var limit = new PrivacyBudget(
                decision.Obligations.Where(o => o.Kind == ObligationKind.SpendEpsilon).Min(o => o.Value ?? 0),
                decision.Obligations.Where(o => o.Kind == ObligationKind.SpendDelta).Select(o => o.Value ?? 0).DefaultIfEmpty(0).Min());
            budget = await ledger.TryReserveBudgetAsync(job.AgreementId, new PrivacyBudget(vetting.Epsilon ?? 0, vetting.Delta ?? 0), limit, cancellationToken).ConfigureAwait(false);
            held.Add(budget);
            if (!budget.IsGranted)
            {
                refusal = string.Create(CultureInfo.InvariantCulture,
                    $"the agreement's privacy budget cannot cover epsilon {vetting.Epsilon} (spent {budget.Usage.Epsilon} of {budget.EpsilonLimit})");
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

        await audit.AppendAsync(job.OperatorId, AuditActions.DatasetRead, Resource(job), AuditDecisions.Permit,
            new Dictionary<string, string> { ["agreement"] = job.AgreementId, ["dataset"] = manifest.DatasetId, ["columns"] = string.Join(",", manifest.Columns) },
            new Dictionary<string, string> { ["dataset"] = execution.DatasetDigest, ["module"] = execution.Module.Digest }).ConfigureAwait(false);

        var outcome = await sandbox.RunAsync(new JobRequest
        {
            JobId = job.Id,
            Module = execution.Module,
            Data = execution.Data,
            Columns = manifest.Columns,
            OutputKind = manifest.Output,
            Limits = manifest.Limits,
            Vetting = vetting!,
        }, cancellationToken).ConfigureAwait(false);

        // From here on the run has happened: what it led to is logged even when the connector is stopping.
        foreach (var denied in outcome.DeniedColumns)
        {
            // The name was chosen by the job: it goes in the log only if it is a column of the dataset,
            // otherwise only its digest does (the log is read by auditors, and must not carry what a job read).
            var known = execution.Data.Schema.IndexOf(denied) >= 0;
            await audit.AppendAsync(job.OperatorId, AuditActions.DatasetRead, Resource(job), AuditDecisions.Deny,
                new Dictionary<string, string> { ["agreement"] = job.AgreementId, ["dataset"] = manifest.DatasetId, ["column"] = known ? denied : "(not a column of the dataset)" },
                known ? null : new Dictionary<string, string> { ["column"] = Sha256Digest.Of(denied) }).ConfigureAwait(false);
        }

        var rows = outcome.Statistics.RowsRead;
        // The reason is fit for anyone; details can hold job-chosen text, so the log binds them by digest only and
        // the connector keeps the text for the supplier.
        var detail = outcome.Detail ?? outcome.JobMessage;
        var detailDigest = detail is null ? null : Sha256Digest.Of(detail);
        switch (outcome.Status)
        {
            case JobStatus.Released:
                var sealedResult = JobDelivery.Seal(job.Id, manifest, execution.DatasetDigest, ResultDocument(execution, outcome));
                return await lifecycle.ReleaseAsync(job, job.OperatorId, sealedResult, async index =>
                {
                    foreach (var reservation in held)
                    {
                        if (reservation.IsGranted)
                        {
                            await ledger.CommitAsync(reservation, CancellationToken.None).ConfigureAwait(false);
                        }
                    }

                    return delivery.Receipt(job, manifest, sealedResult, index);
                }, rows, CancellationToken.None).ConfigureAwait(false);
            case JobStatus.PendingReview:
                // The use stays reserved while the output waits: a review that releases it counts it.
                held.Remove(use);
                var output = outcome.CustomOutput!.Value;
                return await lifecycle.HoldAsync(job, output, ResultReceipts.OutputDigestOf(output.Span), rows, CancellationToken.None).ConfigureAwait(false);
            case JobStatus.Refused:
                return await lifecycle.RefuseOutputAsync(job, outcome.Reason ?? "vetting refused the output", detailDigest, rows, CancellationToken.None).ConfigureAwait(false);
            default:
                return await lifecycle.FailAsync(job, job.OperatorId, outcome.Reason ?? "the job failed", detailDigest, rows, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static string Resource(Model.Job job) => "job/" + job.Id;

    /// <summary>The document sealed to the data user: what was released, and under which rules.</summary>
    private static byte[] ResultDocument(JobExecution execution, JobOutcome outcome) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        job = execution.Job.Id,
        agreement = execution.Job.AgreementId,
        dataset = execution.Manifest.DatasetId,
        module = execution.Module.Digest,
        output = execution.Manifest.Output.ToString().ToLowerInvariant(),
        aggregate = outcome.Aggregate,
        model = outcome.Model,
        custom = outcome.CustomOutput is { } custom ? Convert.ToBase64String(custom.Span) : null,
    }, ResultJson);
}
