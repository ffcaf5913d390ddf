using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Connector.Jobs;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Statements;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

using static DataSpace.Connector.Api.ApiProblems;

namespace DataSpace.Connector.Api;

/// <summary>
/// A job submission: the manifest (docs/job-manifest.md) and either a module, base64, with the module's C source as text,
/// which the supplier needs to approve it (docs/module-review.md), or an analysis plan (docs/analysis-plans.md). The
/// connector makes the job's id and answers with it; a submission that names one is refused.
/// </summary>
public sealed record JobSubmission(JsonObject Manifest, string? Module = null, string? Id = null, string? Source = null, JsonObject? Plan = null);

/// <summary>A plan job's plan, as approved: its canonical JSON and its digest (the job's <c>ModuleDigest</c>).</summary>
public sealed record JobPlanView(string JobId, string Digest, JsonNode? Plan);

/// <summary>The supplier's decision on custom output held for review.</summary>
public sealed record ReviewDecision(bool Release, string? Reason);

/// <summary>The supplier's reason for rejecting a job (the body of <c>POST /api/v1/jobs/{id}/reject</c> is optional).</summary>
public sealed record RejectRequest(string? Reason);

/// <summary>
/// Custom output held for review, for the supplier only (docs/sandbox-custom-output.md, "Review"): the bytes, base64; their
/// size, byte entropy (Shannon, bits per byte) and what <see cref="SafeText"/> had to escape; the leak check's verdict (null
/// for output held before verdicts were kept); and the <c>preview</c>, the output as text with every control character,
/// escape sequence, invisible character and invalid UTF-8 byte escaped visibly.
/// </summary>
public sealed record HeldOutputView(
    string JobId, string Output, long Size, double Entropy, int ControlCharacters, int EscapeSequences, int InvisibleCharacters, int InvalidUtf8Bytes,
    LeakCheckView? LeakCheck, string Preview);

/// <summary>
/// What a party may see of a job: its state and reason, never data; <c>SourceDigest</c> names the module's source, if it
/// came with one; <c>Program</c> says whether <c>ModuleDigest</c> names a module or an analysis plan; <c>Meter</c> is what its
/// last run used (docs/metering.md, "Meter record"): the supplier and auditors see it whole, the operator and the data
/// user its published form, without the job-steerable counters of <c>usage</c>.
/// </summary>
public sealed record JobView(
    string Id, string AgreementId, string ModuleDigest, JobState State, string? Reason, long RowsProcessed, DateTimeOffset SubmittedAt, DateTimeOffset? FinishedAt,
    string? SourceDigest = null, JobProgram Program = JobProgram.Module, JsonObject? Meter = null,
    DataSpace.Connector.Settlement.JobCharge? Charge = null);

/// <summary>A released result: the envelope sealed to the data user and the connector's signed receipt.</summary>
public sealed record ResultView(string JobId, string Envelope, JsonNode? Receipt, string OutputDigest, long LogIndex);

/// <summary>
/// Flows 4 to 7 over HTTP: an operator submits a job, checked at once against its agreement (<see cref="JobAdmission"/>);
/// the supplier reads the module's source and approves the exact module digest with it (a module is never pre-approved,
/// docs/module-review.md); the job runner runs it;
/// the supplier reviews held custom output; the data user fetches the sealed result and its receipt. Every change of a
/// job is made by <see cref="JobLifecycle"/>, which logs it; these handlers check input and map results.
/// </summary>
internal static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder endpoints)
    {
        var jobs = endpoints.MapGroup("/api/v1/jobs").WithTags("Jobs");
        jobs.MapPost("", Submit).RequireAuthorization(PartyPolicies.Operator).WithUploadLimits()
            .WithSummary("Submit a job: manifest and a WebAssembly module with its source, or an analysis plan (operator only); the connector makes its id.");
        jobs.MapGet("", List).RequireAuthorization(PartyPolicies.AnyParty)
            .WithSummary("A page of the jobs the caller may see, oldest first (limit, cursor; filters state, operator, agreement, dataset): all for the supplier and auditors, an operator's own, a data user's.");
        jobs.MapGet("/{jobId}/plan", GetPlan).RequireAuthorization(PartyPolicies.AnyParty)
            .WithSummary("A plan job's plan as approved, canonical, with its digest (the supplier, auditors, the job's operator and data user).");
        jobs.MapPost("/{jobId}/approve", Approve).RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("Approve the job's exact module digest, manifest and source (supplier only); a module without source cannot be approved.");
        jobs.MapGet("/{jobId}/source", GetSource).RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("The C source a module job was submitted with, for the supplier's review and dsc job verify-build (supplier only).");
        jobs.MapPost("/{jobId}/reject", Reject).RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("Reject a submitted job (supplier only).");
        jobs.MapGet("/{jobId}/review", GetReview).RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("The custom output a job holds for review (supplier only).");
        jobs.MapPost("/{jobId}/review", Review).RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("Release or refuse the custom output held for review (supplier only).");
        jobs.MapGet("/{jobId}/details", GetDetails).RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("What a failed or refused run held back: the job's code and message, the rule it broke, what it pulled (supplier only).");
        jobs.MapGet("/{jobId}", Get).RequireAuthorization(PartyPolicies.AnyParty)
            .WithSummary("A job's state: for its operator, its data user, the supplier and auditors.");
        endpoints.MapGet("/api/v1/results/{jobId}", GetResult).RequireAuthorization(PartyPolicies.DataUser).WithTags("Jobs")
            .WithSummary("A released result, sealed to the data user, with its receipt (the job's data user only).");
        return endpoints;
    }

    private static async Task<Results<Created<JobView>, ProblemHttpResult>> Submit(
        JobSubmission request, ClaimsPrincipal user, JobAdmission admission, JobLifecycle lifecycle, CancellationToken cancellationToken)
    {
        if (request.Id is not null)
        {
            return Problem(400, "id: job ids are made by the connector; leave it out and read the id from the answer");
        }

        if ((request.Module is null) == (request.Plan is null))
        {
            return Problem(400, "give either module (a WebAssembly binary, base64, with its source) or plan (an analysis plan, docs/analysis-plans.md), not both or neither");
        }

        if (request.Plan is not null && request.Source is not null)
        {
            return Problem(400, "source belongs to a module: a plan is its own source");
        }

        var admitted = request.Plan is { } plan
            ? await admission.AdmitPlanAsync(PartyClaims.PartyOf(user), request.Manifest, plan, cancellationToken)
            : await admission.AdmitAsync(PartyClaims.PartyOf(user), request.Manifest, request.Module, request.Source, cancellationToken);
        if (admitted.Job is not { } job)
        {
            return Problem(admitted.Status, admitted.Detail!);
        }

        return await lifecycle.SubmitAsync(job, admitted.Module, admitted.Source, admitted.Digests, cancellationToken)
            ? TypedResults.Created($"/api/v1/jobs/{Uri.EscapeDataString(job.Id)}", View(job))
            : Problem(409, $"job '{job.Id}' is being submitted already");
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> Approve(
        string jobId, ClaimsPrincipal user, IConnectorStore store, JobLifecycle lifecycle, CancellationToken cancellationToken)
    {
        if (await store.GetJobAsync(jobId, cancellationToken) is not { } job)
        {
            return Problem(404, $"no job '{jobId}'");
        }

        return Answer(await lifecycle.ApproveAsync(job, PartyClaims.PartyOf(user), cancellationToken), jobId, "only a submitted job can be approved");
    }

    /// <summary>
    /// A plan job's plan, canonical, for the supplier (who approves it), auditors, and the job's operator and data user;
    /// a plan holds no data, only what is asked.
    /// </summary>
    private static async Task<Results<Ok<JobPlanView>, ProblemHttpResult>> GetPlan(
        string jobId, ClaimsPrincipal user, IConnectorStore store, CancellationToken cancellationToken)
    {
        if (await store.GetJobAsync(jobId, cancellationToken) is not { } job || !MaySee(job, user))
        {
            return Problem(404, $"no job '{jobId}'");
        }

        return job.Program == JobProgram.Plan && await store.GetModuleAsync(job.ModuleDigest, cancellationToken) is { } canonical
            ? TypedResults.Ok(new JobPlanView(job.Id, job.ModuleDigest, JsonNode.Parse(canonical)))
            : Problem(404, $"job '{jobId}' runs a module, not a plan");
    }

    /// <summary>The module's source, for the supplier only: what it reviews and rebuilds before it approves (docs/module-review.md).</summary>
    private static async Task<Results<Ok<JobSourceView>, ProblemHttpResult>> GetSource(string jobId, IConnectorStore store, CancellationToken cancellationToken)
    {
        if (await store.GetJobAsync(jobId, cancellationToken) is not { } job)
        {
            return Problem(404, $"no job '{jobId}'");
        }

        return job.SourceDigest is { } digest && await store.GetSourceAsync(digest, cancellationToken) is { } source
            ? TypedResults.Ok(new JobSourceView(job.Id, job.ModuleDigest, digest, JobSourceView.C, Encoding.UTF8.GetByteCount(source), source))
            : Problem(404, $"job '{jobId}' was submitted without source");
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> Reject(
        string jobId, RejectRequest? request, ClaimsPrincipal user, IConnectorStore store, JobLifecycle lifecycle, CancellationToken cancellationToken)
    {
        if (request?.Reason is { Length: > 500 })
        {
            return Problem(400, "reason must be at most 500 characters");
        }

        if (await store.GetJobAsync(jobId, cancellationToken) is not { } job)
        {
            return Problem(404, $"no job '{jobId}'");
        }

        var reason = "rejected by the supplier" + (string.IsNullOrWhiteSpace(request?.Reason) ? "" : ": " + request.Reason.Trim());
        return Answer(await lifecycle.RejectAsync(job, PartyClaims.PartyOf(user), reason, cancellationToken), jobId, "only a submitted job can be rejected");
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> Get(
        string jobId, ClaimsPrincipal user, IConnectorStore store, DataSpace.Crypto.Log.ITransparencyLog log, CancellationToken cancellationToken)
    {
        var job = await store.GetJobAsync(jobId, cancellationToken);
        if (job is null || !MaySee(job, user))
        {
            return Problem(404, $"no job '{jobId}' you may see");
        }

        // The price of its last run, recomputed from the log as the month's settlement will state it (docs/metering.md).
        // An agreement whose price no longer reads (its run was refused for it) has no charge to show; the job still does.
        DataSpace.Connector.Settlement.JobCharge? charge = null;
        if (job.Meter is not null && await store.GetAgreementAsync(job.AgreementId, cancellationToken) is { } agreement)
        {
            try
            {
                charge = DataSpace.Connector.Settlement.JobCharge.Of(job, agreement, log);
            }
            catch (InvalidOperationException)
            {
                charge = null;
            }
        }

        return TypedResults.Ok(View(job, SeesUsage(user)) with { Charge = charge });
    }

    /// <summary>
    /// A page of the jobs the caller may see (<see cref="MaySee"/>, applied in the store's query), oldest first, filtered
    /// by state, operator, agreement and dataset (docs/connector-service.md, "Lists").
    /// </summary>
    private static async Task<Results<Ok<IReadOnlyList<JobView>>, ProblemHttpResult>> List(
        string? state, [FromQuery(Name = "operator")] string? operatorId, string? agreement, string? dataset, string? limit, string? cursor,
        ClaimsPrincipal user, IConnectorStore store, HttpContext context, CancellationToken cancellationToken)
    {
        JobState? wanted = null;
        if (state is not null)
        {
            if (!Enum.TryParse<JobState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(state, out _))
            {
                return Problem(400, $"state: '{state}' is not a job state; one of {string.Join(", ", Enum.GetNames<JobState>())}");
            }

            wanted = parsed;
        }

        if ((ListPaging.ReadLimit(limit, out var count)
            ?? (operatorId is null ? null : InvalidId(operatorId, "operator", "party"))
            ?? (agreement is null ? null : InvalidId(agreement, "agreement", "agreement"))
            ?? (dataset is null ? null : InvalidId(dataset, "dataset", "dataset"))) is { } bad)
        {
            return bad;
        }

        var filters = ListPaging.Filters(("state", wanted?.ToString()), ("operator", operatorId), ("agreement", agreement), ("dataset", dataset));
        if (ListPaging.ReadCursor(cursor, "jobs", filters, [JsonValueKind.Number, JsonValueKind.String], out var key) is { } badCursor)
        {
            return badCursor;
        }

        var jobs = await store.PageJobsAsync(new JobQuery
        {
            Limit = count + 1,
            After = key is null ? null : (DateTimeOffset.UnixEpoch.AddTicks(key[0]!.GetValue<long>() * TimeSpan.TicksPerMicrosecond), key[1]!.GetValue<string>()),
            VisibleTo = SeesAll(user) ? null : PartyClaims.PartyOf(user),
            State = wanted,
            OperatorId = operatorId,
            AgreementId = agreement,
            DatasetId = dataset,
        }, cancellationToken);
        var page = ListPaging.Page(context, jobs, count, job => ListPaging.Cursor("jobs", filters,
            JsonValue.Create((job.SubmittedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond), JsonValue.Create(job.Id)));
        return TypedResults.Ok<IReadOnlyList<JobView>>([.. page.Where(job => MaySee(job, user)).Select(View)]);
    }

    /// <summary>The supplier and auditors see every job; an operator or data user its own.</summary>
    private static bool SeesAll(ClaimsPrincipal user) => user.IsInRole(nameof(PartyRole.Supplier)) || user.IsInRole(nameof(PartyRole.Auditor));

    /// <summary>The supplier and auditors see a run's whole meter; the operator and the data user its published form (docs/sandbox-privacy.md).</summary>
    private static bool SeesUsage(ClaimsPrincipal user) => user.IsInRole(nameof(PartyRole.Supplier)) || user.IsInRole(nameof(PartyRole.Auditor));

    /// <summary>A job is seen by its operator and data user, the supplier and auditors.</summary>
    private static bool MaySee(Job job, ClaimsPrincipal user)
    {
        var party = PartyClaims.PartyOf(user);
        return job.OperatorId == party || job.DataUserId == party || user.IsInRole(nameof(PartyRole.Supplier)) || user.IsInRole(nameof(PartyRole.Auditor));
    }

    private static async Task<Results<Ok<ResultView>, ProblemHttpResult>> GetResult(string jobId, ClaimsPrincipal user, IConnectorStore store, CancellationToken cancellationToken)
    {
        var job = await store.GetJobAsync(jobId, cancellationToken);
        if (job is null || job.DataUserId != PartyClaims.PartyOf(user))
        {
            return Problem(404, $"no result of job '{jobId}' for you");
        }

        var result = await store.GetResultAsync(jobId, cancellationToken);
        return result is null
            ? Problem(404, $"job '{jobId}' is {job.State}: no result has been released")
            : TypedResults.Ok(new ResultView(jobId, Convert.ToBase64String(result.Envelope.Span), JsonNode.Parse(result.ReceiptJson), result.OutputDigest, result.LogIndex));
    }

    private static async Task<Results<Ok<HeldOutputView>, ProblemHttpResult>> GetReview(string jobId, IConnectorStore store, CancellationToken cancellationToken)
    {
        if (await store.GetHeldOutputAsync(jobId, cancellationToken) is not { } output)
        {
            return Problem(404, $"job '{jobId}' holds no output for review");
        }

        var leakCheck = LeakCheckView.FromJson(await store.GetHeldLeakCheckAsync(jobId, cancellationToken));
        var preview = SafeText.Preview(output);
        return TypedResults.Ok(new HeldOutputView(jobId, Convert.ToBase64String(output), output.LongLength, SafeText.Entropy(output),
            preview.ControlCharacters, preview.EscapeSequences, preview.InvisibleCharacters, preview.InvalidUtf8Bytes, leakCheck, preview.Text));
    }

    /// <summary>The held detail of a job's end, for the supplier: nobody else ever sees what the job chose (docs/sandbox-abi.md §8).</summary>
    private static async Task<Results<Ok<HeldDetailView>, ProblemHttpResult>> GetDetails(string jobId, IConnectorStore store, CancellationToken cancellationToken) =>
        await store.GetHeldDetailAsync(jobId, cancellationToken) is { } detail
            ? TypedResults.Ok(HeldDetailView.Of(detail))
            : Problem(404, $"job '{jobId}' holds no details (only a run that failed or was refused after reading data has them)");

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> Review(
        string jobId, ReviewDecision decision, ClaimsPrincipal user, IConnectorStore store, JobLifecycle lifecycle, JobDelivery delivery,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var job = await store.GetJobAsync(jobId, cancellationToken);
        var held = job is null ? null : await store.GetHeldOutputAsync(jobId, cancellationToken);
        if (job is not { State: JobState.PendingReview } || held is null)
        {
            return Problem(409, $"job '{jobId}' is not waiting for review");
        }

        var reviewer = PartyClaims.PartyOf(user);
        if (!decision.Release)
        {
            var reason = "refused in the supplier's review" + (string.IsNullOrWhiteSpace(decision.Reason) ? "" : ": " + decision.Reason.Trim());
            return Answer(await lifecycle.RefuseReviewedAsync(job, reviewer, reason, cancellationToken), jobId, "it is no longer waiting for review");
        }

        var agreement = await store.GetAgreementAsync(job.AgreementId, cancellationToken);
        if (!JobExecutions.Stands(agreement, time.GetUtcNow()))
        {
            return Problem(409, $"the agreement of job '{jobId}' is revoked or has ended");
        }

        var manifest = JobManifest.Parse(Encoding.UTF8.GetBytes(job.ManifestJson));
        var dataset = await store.GetDatasetAsync(agreement!.DatasetId, cancellationToken)
            ?? throw new InvalidOperationException($"dataset {agreement.DatasetId} of agreement {agreement.Id} is missing");
        var sealedResult = JobDelivery.Seal(job.Id, manifest, dataset.ContentDigest, held);
        var meter = RunMeters.AfterReview(job, MeterOutcome.Released);
        var released = await lifecycle.ReleaseAsync(job, reviewer, sealedResult, meter,
            index => Task.FromResult(delivery.Receipt(job, manifest, sealedResult, index, meter)), 0, cancellationToken);
        return Answer(released, jobId, "it is no longer waiting for review");
    }

    /// <summary>200 with the job when the lifecycle made the transition; 409 with the lifecycle's refusal or the state it is in otherwise.</summary>
    private static Results<Ok<JobView>, ProblemHttpResult> Answer(TransitionResult result, string jobId, string rule) =>
        result.Made
            ? TypedResults.Ok(View(result.Job!))
            : Problem(409, result.Refusal ?? $"job '{jobId}' is {result.Job?.State.ToString() ?? "gone"}: {rule}");

    internal static JobView View(Job job) => View(job, usage: false);

    /// <summary>The view of a job; with <paramref name="usage"/>, its meter whole (the supplier's and auditors'), else in its published form.</summary>
    internal static JobView View(Job job, bool usage) =>
        new(job.Id, job.AgreementId, job.ModuleDigest, job.State, job.Reason, job.RowsProcessed, job.SubmittedAt, job.FinishedAt, job.SourceDigest, job.Program,
            (usage ? job.Meter : job.Meter?.Published())?.ToNode());
}
