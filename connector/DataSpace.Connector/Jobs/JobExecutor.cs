using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;
using DataSpace.Policy.State;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// Runs one approved job through the architecture's steps 5 to 7: decide (use and budget reserved first, so
/// concurrent jobs never overspend), read, run in the sandbox, vet, deliver. Everything is appended to the
/// signed log **before** it takes effect: the decision before any data is read, the read before the sandbox
/// runs, the release before the sealed result and its receipt exist. If an append fails, nothing further
/// happens (the exception propagates and no data is touched or released).
/// </summary>
public sealed class JobExecutor
{
    private static readonly JsonSerializerOptions ResultJson = new()
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly SandboxHost _sandbox;
    private readonly ITransparencyLog _log;
    private readonly Checkpointer _checkpointer;
    private readonly SigningKey _connectorKey;
    private readonly IUsageLedger _ledger;
    private readonly TimeProvider _time;
    private readonly JobVetting _defaults;

    public JobExecutor(SandboxHost sandbox, ITransparencyLog log, Checkpointer checkpointer, SigningKey connectorKey, IUsageLedger ledger, TimeProvider time, JobVetting? defaults = null)
    {
        _sandbox = sandbox;
        _log = log;
        _checkpointer = checkpointer;
        _connectorKey = connectorKey;
        _ledger = ledger;
        _time = time;
        _defaults = defaults ?? new JobVetting();
    }

    /// <summary>Decides, runs, vets and (if vetting passes) delivers the job.</summary>
    public async Task<ExecutionResult> ExecuteAsync(JobExecution job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var held = new HeldReservations();
        try
        {
            return await ExecuteCoreAsync(job, held, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A failed append (or anything else) stops the job before its effect: the use and budget it
            // reserved return to the agreement. Committed reservations stay committed (ReleaseAsync refuses them).
            foreach (var reservation in new[] { held.Use, held.Budget })
            {
                if (reservation is { IsGranted: true })
                {
                    try
                    {
                        await _ledger.ReleaseAsync(reservation, CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or IOException)
                    {
                        // The original failure is the one to report.
                    }
                }
            }

            throw;
        }
    }

    private sealed class HeldReservations
    {
        public Reservation? Use { get; set; }

        public Reservation? Budget { get; set; }
    }

    private async Task<ExecutionResult> ExecuteCoreAsync(JobExecution job, HeldReservations held, CancellationToken cancellationToken)
    {
        var manifest = job.Manifest;
        var use = await _ledger.TryReserveUseAsync(job.AgreementId, long.MaxValue, cancellationToken).ConfigureAwait(false);
        held.Use = use;
        var now = _time.GetUtcNow();
        var decision = new PolicyEvaluator(job.Policy).Evaluate(new EvaluationRequest
        {
            Action = manifest.Output switch
            {
                OutputKind.Aggregate => ActionKind.ComputeAggregate,
                OutputKind.Model => ActionKind.TrainModel,
                _ => ActionKind.CustomAnalysis,
            },
            Target = manifest.DatasetId,
            Assignee = job.OperatorId,
            Purpose = job.Purpose,
            Now = now,
            UseCount = use.Usage.Uses,
            Elapsed = now - job.AgreementStart,
            Columns = manifest.Columns,
            ModuleDigest = job.Module.Digest,
            OutputKind = "dsc:" + manifest.Output.ToString().ToLowerInvariant(),
            Epsilon = manifest.Epsilon,
            Delta = manifest.Delta,
            ClassificationLevel = job.ClassificationLevel,
            Recipient = job.RecipientId ?? manifest.Recipient.KeyId,
        });

        Reservation? budget = null;
        string? refusal = decision.IsPermitted ? null : "the policy denies this run: " + string.Join("; ", decision.Reasons.Select(r => r.Message));
        JobVetting? vetting = null;
        if (refusal is null)
        {
            try
            {
                vetting = manifest.Vetting(decision, _defaults);
            }
            catch (ArgumentException e)
            {
                refusal = e.Message;
            }
        }

        if (refusal is null && vetting!.Mechanism != Sandbox.Aggregation.NoiseMechanism.None)
        {
            var limit = new PrivacyBudget(
                decision.Obligations.Where(o => o.Kind == ObligationKind.SpendEpsilon).Min(o => o.Value ?? 0),
                decision.Obligations.Where(o => o.Kind == ObligationKind.SpendDelta).Select(o => o.Value ?? 0).DefaultIfEmpty(0).Min());
            budget = await _ledger.TryReserveBudgetAsync(job.AgreementId, new PrivacyBudget(vetting.Epsilon ?? 0, vetting.Delta ?? 0), limit, cancellationToken).ConfigureAwait(false);
            held.Budget = budget;
            if (!budget.IsGranted)
            {
                refusal = string.Create(CultureInfo.InvariantCulture,
                    $"the agreement's privacy budget cannot cover epsilon {vetting.Epsilon} (spent {budget.Usage.Epsilon} of {budget.EpsilonLimit})");
            }
        }

        await AppendAsync(job, "policy.decision", refusal is null ? "permit" : "deny", new Dictionary<string, string>
        {
            ["agreement"] = job.AgreementId,
            ["dataset"] = manifest.DatasetId,
            ["reason"] = refusal ?? "permitted",
            ["obligations"] = string.Join("; ", decision.Obligations.Select(o => o.ToString())),
        }, cancellationToken).ConfigureAwait(false);

        if (refusal is not null)
        {
            await ReleaseAsync(use, budget, cancellationToken).ConfigureAwait(false);
            return new ExecutionResult { Status = ExecutionStatus.Denied, Reason = refusal, Decision = decision };
        }

        await AppendAsync(job, "dataset.read", "permit", new Dictionary<string, string>
        {
            ["agreement"] = job.AgreementId,
            ["dataset"] = manifest.DatasetId,
            ["columns"] = string.Join(",", manifest.Columns),
        }, cancellationToken, digests: new Dictionary<string, string> { ["dataset"] = job.DatasetDigest, ["module"] = job.Module.Digest }).ConfigureAwait(false);

        var outcome = await _sandbox.RunAsync(new JobRequest
        {
            JobId = job.JobId,
            Module = job.Module,
            Data = job.Data,
            Columns = manifest.Columns,
            OutputKind = manifest.Output,
            Limits = manifest.Limits,
            Vetting = vetting!,
        }, cancellationToken).ConfigureAwait(false);

        // From here on the run has happened: what it led to is logged even when the connector is stopping.
        cancellationToken = CancellationToken.None;
        foreach (var denied in outcome.DeniedColumns)
        {
            // The name was chosen by the job: it goes in the log only if it is a column of the dataset,
            // otherwise only its digest does (the log is read by auditors, and must not carry what a job read).
            var known = job.Data.Schema.IndexOf(denied) >= 0;
            await AppendAsync(job, "dataset.read", "deny", new Dictionary<string, string>
            {
                ["agreement"] = job.AgreementId,
                ["dataset"] = manifest.DatasetId,
                ["column"] = known ? denied : "(not a column of the dataset)",
            }, cancellationToken, digests: known ? null : new Dictionary<string, string> { ["column"] = Sha256Digest.Of(denied) }).ConfigureAwait(false);
        }

        var rows = outcome.Statistics.RowsRead;
        switch (outcome.Status)
        {
            case JobStatus.Released:
                var plaintext = ResultDocument(job, outcome);
                var release = await DeliverAsync(job, plaintext, use, budget, cancellationToken).ConfigureAwait(false);
                return release with { Decision = decision, Outcome = outcome, RowsProcessed = rows };
            case JobStatus.PendingReview:
                await AppendAsync(job, "result.hold", "review", new Dictionary<string, string> { ["agreement"] = job.AgreementId, ["reason"] = "custom output passed the leak check; held for the supplier's review" },
                    cancellationToken, digests: new Dictionary<string, string> { ["output"] = ResultReceipts.OutputDigestOf(outcome.CustomOutput!.Value.Span), ["module"] = job.Module.Digest }).ConfigureAwait(false);
                return new ExecutionResult
                {
                    Status = ExecutionStatus.PendingReview,
                    Reason = "custom output waits for the supplier's review",
                    Decision = decision,
                    Outcome = outcome,
                    HeldOutput = outcome.CustomOutput!.Value.ToArray(),
                    RowsProcessed = rows,
                };
            default:
                var refused = outcome.Status == JobStatus.Refused;
                // The reason is fit for anyone; details can hold job-chosen text, so the log binds them by digest
                // only and the connector keeps the text for the supplier.
                var detail = outcome.Detail ?? outcome.JobMessage;
                await AppendAsync(job, refused ? "result.refuse" : "job.fail", "deny", new Dictionary<string, string>
                {
                    ["agreement"] = job.AgreementId,
                    ["reason"] = outcome.Reason ?? "",
                }, cancellationToken, digests: detail is null ? null : new Dictionary<string, string> { ["detail"] = Sha256Digest.Of(detail) }).ConfigureAwait(false);
                await ReleaseAsync(use, budget, cancellationToken).ConfigureAwait(false);
                return new ExecutionResult
                {
                    Status = refused ? ExecutionStatus.Refused : ExecutionStatus.Failed,
                    Reason = outcome.Reason,
                    Decision = decision,
                    Outcome = outcome,
                    RowsProcessed = rows,
                };
        }
    }

    /// <summary>
    /// Releases custom output after the supplier approved it in review: logged, sealed, receipted. The use
    /// reserved when the job ran stays counted.
    /// </summary>
    public async Task<ExecutionResult> ReleaseReviewedAsync(JobExecution job, ReadOnlyMemory<byte> heldOutput, string reviewerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await AppendAsync(job, "result.review", "permit", new Dictionary<string, string> { ["agreement"] = job.AgreementId, ["reviewer"] = reviewerId },
            cancellationToken, digests: new Dictionary<string, string> { ["output"] = ResultReceipts.OutputDigestOf(heldOutput.Span) }).ConfigureAwait(false);
        return await DeliverAsync(job, heldOutput.ToArray(), null, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ExecutionResult> DeliverAsync(JobExecution job, byte[] plaintext, Reservation? use, Reservation? budget, CancellationToken cancellationToken)
    {
        var sealedOutput = Envelopes.Seal(job.Manifest.Recipient, job.JobId, plaintext).ToBytes();
        var outputDigest = ResultReceipts.OutputDigestOf(sealedOutput);

        // The release is in the log before the sealed result or its receipt leave this method.
        var index = await AppendAsync(job, ResultReceipts.ReleaseAction, "permit", new Dictionary<string, string>
        {
            ["agreement"] = job.AgreementId,
            ["recipient"] = job.Manifest.Recipient.KeyId,
        }, cancellationToken, digests: new Dictionary<string, string>
        {
            ["output"] = outputDigest,
            ["module"] = job.Module.Digest,
            ["dataset"] = job.DatasetDigest,
        }).ConfigureAwait(false);
        if (use is { IsGranted: true })
        {
            await _ledger.CommitAsync(use, cancellationToken).ConfigureAwait(false);
        }

        if (budget is { IsGranted: true })
        {
            await _ledger.CommitAsync(budget, cancellationToken).ConfigureAwait(false);
        }

        var receipt = ResultReceipts.Create(new ReceiptContent
        {
            JobId = job.JobId,
            ModuleDigest = job.Module.Digest,
            AgreementId = job.AgreementId,
            Datasets = [new DatasetDigest(job.Manifest.DatasetId, job.DatasetDigest)],
            OutputDigest = outputDigest,
            Recipient = job.Manifest.Recipient.KeyId,
            LogDigest = _log.Hasher.Algorithm,
            LogIndex = index,
            Leaf = ReadOnlyMemory<byte>.Empty,
            InclusionProof = [],
            Checkpoint = "",
        }, _log, index, _checkpointer.SignNow(), _connectorKey);
        return new ExecutionResult { Status = ExecutionStatus.Released, SealedOutput = sealedOutput, Receipt = receipt, ReleaseIndex = index };
    }

    private async Task ReleaseAsync(Reservation use, Reservation? budget, CancellationToken cancellationToken)
    {
        if (use.IsGranted)
        {
            await _ledger.ReleaseAsync(use, cancellationToken).ConfigureAwait(false);
        }

        if (budget is { IsGranted: true })
        {
            await _ledger.ReleaseAsync(budget, cancellationToken).ConfigureAwait(false);
        }
    }

    private ValueTask<long> AppendAsync(JobExecution job, string action, string decision, Dictionary<string, string> details, CancellationToken cancellationToken, Dictionary<string, string>? digests = null) =>
        _log.AppendAsync(new LogEntry
        {
            When = _time.GetUtcNow(),
            Actor = job.OperatorId,
            Action = action,
            Resource = "job/" + job.JobId,
            Decision = decision,
            Digests = digests,
            Details = details,
        }, cancellationToken);

    /// <summary>The document sealed to the data user: what was released, and under which rules.</summary>
    private static byte[] ResultDocument(JobExecution job, JobOutcome outcome) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        job = job.JobId,
        agreement = job.AgreementId,
        dataset = job.Manifest.DatasetId,
        module = job.Module.Digest,
        output = job.Manifest.Output.ToString().ToLowerInvariant(),
        aggregate = outcome.Aggregate,
        model = outcome.Model,
        custom = outcome.CustomOutput is { } custom ? Convert.ToBase64String(custom.Span) : null,
    }, ResultJson);
}
