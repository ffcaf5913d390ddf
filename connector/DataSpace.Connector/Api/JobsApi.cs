using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Connector.Jobs;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Modules;
using Microsoft.AspNetCore.Http.HttpResults;

using static DataSpace.Connector.Api.ApiProblems;

namespace DataSpace.Connector.Api;

/// <summary>A job submission: the manifest (docs/job-manifest.md) and the module, base64.</summary>
public sealed record JobSubmission(string Id, JsonObject Manifest, string Module);

/// <summary>The supplier's decision on custom output held for review.</summary>
public sealed record ReviewDecision(bool Release, string? Reason);

/// <summary>The supplier's reason for rejecting a job (the body of <c>POST /api/v1/jobs/{id}/reject</c> is optional).</summary>
public sealed record RejectRequest(string? Reason);

/// <summary>Custom output held for review: the bytes, base64, for the supplier only.</summary>
public sealed record HeldOutputView(string JobId, string Output);

/// <summary>What a party may see of a job: its state and reason, never data.</summary>
public sealed record JobView(string Id, string AgreementId, string ModuleDigest, JobState State, string? Reason, long RowsProcessed, DateTimeOffset SubmittedAt, DateTimeOffset? FinishedAt);

/// <summary>A released result: the envelope sealed to the data user and the connector's signed receipt.</summary>
public sealed record ResultView(string JobId, string Envelope, JsonNode? Receipt, string OutputDigest, long LogIndex);

/// <summary>
/// Flows 4 to 7 over HTTP: an operator submits a job; the supplier approves the exact module digest (a signed
/// statement) unless the agreement's policy pre-approves it; the job runner runs it; the data user fetches the
/// sealed result and its receipt. Every step is logged first.
/// </summary>
internal static class JobsApi
{
    /// <summary>The supplier's approval: body <c>{job, module, manifest}</c> (digests).</summary>
    public const string ApprovalType = "dataspace/approval/v1";

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder endpoints)
    {
        var jobs = endpoints.MapGroup("/api/v1/jobs").WithTags("Jobs");
        jobs.MapPost("", Submit).RequireAuthorization(PartyPolicies.Operator).WithUploadLimits()
            .WithSummary("Submit a job: manifest and WebAssembly module (operator only).");
        jobs.MapPost("/{jobId}/approve", Approve).RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("Approve the job's exact module digest and manifest (supplier only).");
        jobs.MapPost("/{jobId}/reject", Reject).RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("Reject a submitted job (supplier only).");
        jobs.MapGet("/{jobId}/review", GetReview).RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("The custom output a job holds for review (supplier only).");
        jobs.MapPost("/{jobId}/review", Review).RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("Release or refuse the custom output held for review (supplier only).");
        jobs.MapGet("/{jobId}", Get).RequireAuthorization(PartyPolicies.AnyParty)
            .WithSummary("A job's state: for its operator, its data user, the supplier and auditors.");
        endpoints.MapGet("/api/v1/results/{jobId}", GetResult).RequireAuthorization(PartyPolicies.DataUser).WithTags("Jobs")
            .WithSummary("A released result, sealed to the data user, with its receipt (the job's data user only).");
        return endpoints;
    }

    private static async Task<Results<Created<JobView>, ProblemHttpResult>> Submit(
        JobSubmission request, ClaimsPrincipal user, IConnectorStore store, ITransparencyLog log, SandboxHost sandbox,
        JobRunnerSignal signal, TimeProvider time, CancellationToken cancellationToken)
    {
        var operatorId = PartyClaims.PartyOf(user);
        if (CatalogApi.Invalid(request.Id, "id") is { } bad)
        {
            return bad;
        }

        JobManifest manifest;
        try
        {
            manifest = JobManifest.Parse(Encoding.UTF8.GetBytes((request.Manifest ?? throw new ManifestException("$", "is required")).ToJsonString()));
        }
        catch (ManifestException e)
        {
            return Problem(400, "manifest " + e.Message);
        }

        var agreement = await store.GetAgreementAsync(manifest.AgreementId, cancellationToken);
        if (agreement is null || agreement.OperatorId != operatorId)
        {
            return Problem(404, $"you hold no agreement '{manifest.AgreementId}'");
        }

        if (agreement.RevokedAt is not null || agreement.ValidUntil <= time.GetUtcNow())
        {
            return Problem(409, $"agreement '{agreement.Id}' is revoked or has ended");
        }

        if (agreement.DatasetId != manifest.DatasetId)
        {
            return Problem(400, $"agreement '{agreement.Id}' covers dataset '{agreement.DatasetId}', not '{manifest.DatasetId}'");
        }

        var dataUser = await store.GetPartyByKeyIdAsync(manifest.Recipient.KeyId, cancellationToken);
        if (dataUser is not { Role: PartyRole.DataUser })
        {
            return Problem(400, "manifest $.recipient: the key is not a data user's key on the trust list");
        }

        byte[] wasm;
        try
        {
            wasm = Convert.FromBase64String(request.Module ?? "");
        }
        catch (FormatException)
        {
            return Problem(400, "module must be the WebAssembly binary in base64");
        }

        JobModule module;
        try
        {
            module = sandbox.LoadModule(wasm);
        }
        catch (ModuleRejectedException e)
        {
            return Problem(400, "module refused: " + e.Message);
        }

        // A policy that lists this exact digest (dsc:moduleDigest) approves it in advance.
        var preApproved = agreement.PolicyJson.Contains("moduleDigest", StringComparison.Ordinal)
            && agreement.PolicyJson.Contains('"' + module.Digest + '"', StringComparison.Ordinal);
        var now = time.GetUtcNow();
        var job = new Job
        {
            Id = request.Id,
            AgreementId = agreement.Id,
            OperatorId = operatorId,
            DataUserId = dataUser.Id,
            DataUserPublicKeyPem = manifest.Recipient.ExportPem(),
            ModuleDigest = module.Digest,
            ManifestJson = request.Manifest!.ToJsonString(),
            State = preApproved ? JobState.Approved : JobState.Submitted,
            Reason = preApproved ? "pre-approved by the agreement's policy" : null,
            SubmittedAt = now,
            ApprovedAt = preApproved ? now : null,
        };

        await CatalogApi.AppendAsync(log, time, user, "job.submit", "job/" + job.Id,
            new() { ["agreement"] = agreement.Id, ["dataset"] = manifest.DatasetId, ["state"] = job.State.ToString() },
            cancellationToken, new() { ["module"] = module.Digest, ["manifest"] = Sha256Digest.Of(job.ManifestJson) });
        await store.PutModuleAsync(module.Digest, wasm, cancellationToken);
        try
        {
            await store.AddJobAsync(job, cancellationToken);
        }
        catch (StoreConflictException e)
        {
            return Problem(409, e.Message);
        }

        if (preApproved)
        {
            signal.Wake();
        }

        return TypedResults.Created($"/api/v1/jobs/{Uri.EscapeDataString(job.Id)}", View(job));
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> Approve(
        string jobId, ClaimsPrincipal user, IConnectorStore store, ITransparencyLog log, SigningKey connectorKey, JobRunnerSignal signal,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.GetJobAsync(jobId, cancellationToken) is not { } job)
        {
            return Problem(404, $"no job '{jobId}'");
        }

        if (job.State != JobState.Submitted)
        {
            return Problem(409, $"job '{jobId}' is {job.State}; only a submitted job can be approved");
        }

        var approval = SignedStatement.Sign(ApprovalType, new JsonObject
        {
            ["job"] = job.Id,
            ["module"] = job.ModuleDigest,
            ["manifest"] = Sha256Digest.Of(job.ManifestJson),
            ["approver"] = PartyClaims.PartyOf(user),
        }, connectorKey);
        await CatalogApi.AppendAsync(log, time, user, "job.approve", "job/" + job.Id, new() { ["agreement"] = job.AgreementId },
            cancellationToken, new() { ["module"] = job.ModuleDigest, ["approval"] = Sha256Digest.Of(approval.ToString()) });
        var now = time.GetUtcNow();
        if (!await store.TryTransitionJobAsync(job.Id, JobState.Submitted, JobState.Approved,
                new JobChanges { ApprovalSignature = approval.ToString(), ApprovedAt = now }, cancellationToken))
        {
            return Problem(409, $"job '{jobId}' changed state meanwhile");
        }

        signal.Wake();
        return TypedResults.Ok(View(job with { State = JobState.Approved, ApprovedAt = now }));
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> Reject(
        string jobId, RejectRequest? request, ClaimsPrincipal user, IConnectorStore store, ITransparencyLog log, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.GetJobAsync(jobId, cancellationToken) is not { } job)
        {
            return Problem(404, $"no job '{jobId}'");
        }

        if (request?.Reason is { Length: > 500 })
        {
            return Problem(400, "reason must be at most 500 characters");
        }

        var reason = "rejected by the supplier" + (string.IsNullOrWhiteSpace(request?.Reason) ? "" : ": " + request.Reason.Trim());
        await CatalogApi.AppendAsync(log, time, user, "job.reject", "job/" + job.Id, new() { ["agreement"] = job.AgreementId, ["reason"] = reason }, cancellationToken);
        if (!await store.TryTransitionJobAsync(job.Id, JobState.Submitted, JobState.Rejected,
                new JobChanges { Reason = reason, FinishedAt = time.GetUtcNow() }, cancellationToken))
        {
            return Problem(409, $"job '{jobId}' is {job.State}; only a submitted job can be rejected");
        }

        return TypedResults.Ok(View(job with { State = JobState.Rejected, Reason = reason }));
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> Get(string jobId, ClaimsPrincipal user, IConnectorStore store, CancellationToken cancellationToken)
    {
        var party = PartyClaims.PartyOf(user);
        var job = await store.GetJobAsync(jobId, cancellationToken);
        var allowed = job is not null && (job.OperatorId == party || job.DataUserId == party
            || user.IsInRole(nameof(PartyRole.Supplier)) || user.IsInRole(nameof(PartyRole.Auditor)));
        return allowed ? TypedResults.Ok(View(job!)) : Problem(404, $"no job '{jobId}' you may see");
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

    private static async Task<Results<Ok<HeldOutputView>, ProblemHttpResult>> GetReview(string jobId, IConnectorStore store, CancellationToken cancellationToken) =>
        await store.GetHeldOutputAsync(jobId, cancellationToken) is { } output
            ? TypedResults.Ok(new HeldOutputView(jobId, Convert.ToBase64String(output)))
            : Problem(404, $"job '{jobId}' holds no output for review");

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> Review(
        string jobId, ReviewDecision decision, ClaimsPrincipal user, IConnectorStore store, ITransparencyLog log, SandboxHost sandbox,
        JobExecutor executor, Microsoft.Extensions.Options.IOptions<ConnectorOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var job = await store.GetJobAsync(jobId, cancellationToken);
        var held = job is null ? null : await store.GetHeldOutputAsync(jobId, cancellationToken);
        if (job is not { State: JobState.PendingReview } || held is null)
        {
            return Problem(409, $"job '{jobId}' is not waiting for review");
        }

        var now = time.GetUtcNow();
        if (!decision.Release)
        {
            var reason = "refused in the supplier's review" + (string.IsNullOrWhiteSpace(decision.Reason) ? "" : ": " + decision.Reason.Trim());
            await CatalogApi.AppendAsync(log, time, user, "result.refuse", "job/" + jobId, new() { ["agreement"] = job.AgreementId, ["reason"] = reason }, cancellationToken);
            return await store.TryRefuseReviewAsync(jobId, new JobChanges { Reason = reason, FinishedAt = now }, cancellationToken)
                ? TypedResults.Ok(View(job with { State = JobState.Refused, Reason = reason }))
                : Problem(409, $"job '{jobId}' changed state meanwhile");
        }

        var execution = await JobExecutions.BuildAsync(store, sandbox, job, options.Value.PostgresDatasets, now, cancellationToken);
        if (execution is null)
        {
            return Problem(409, $"the agreement of job '{jobId}' is revoked or has ended");
        }

        ExecutionResult result;
        using (execution.Data)
        {
            result = await executor.ReleaseReviewedAsync(execution, held, PartyClaims.PartyOf(user), cancellationToken);
        }

        return await store.TryReleaseJobAsync(JobExecutions.ResultOf(job, result, now), new JobChanges { Reason = "released after review", FinishedAt = now }, JobState.PendingReview, cancellationToken)
            ? TypedResults.Ok(View(job with { State = JobState.Released, Reason = "released after review" }))
            : Problem(409, $"job '{jobId}' changed state meanwhile");
    }

    internal static JobView View(Job job) =>
        new(job.Id, job.AgreementId, job.ModuleDigest, job.State, job.Reason, job.RowsProcessed, job.SubmittedAt, job.FinishedAt);

}
