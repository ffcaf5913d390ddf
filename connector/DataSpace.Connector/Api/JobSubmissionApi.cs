using System.Text.Json.Nodes;
using DataSpace.Connector.Http;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Modules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataSpace.Connector.Api;

/// <summary>
/// What the supplier approves, as it was submitted (<c>GET /api/v1/jobs/{id}/submission</c>; docs/module-review.md): the
/// manifest, the program (a plan, or a module with its digest, size and the host functions it imports) and the source's
/// digest. The approval signs exactly these digests; a console shows them before its approve button.
/// </summary>
public sealed record JobSubmissionView(
    string JobId, string State, JobProgram Program, JsonNode? Manifest, string ModuleDigest, long ModuleBytes, IReadOnlyList<string> Imports,
    string? SourceDigest, IReadOnlyList<string> Columns);

/// <summary>The route of <see cref="JobSubmissionView"/>: the supplier and auditors (who audit what was approved).</summary>
internal static class JobSubmissionApi
{
    public static IEndpointRouteBuilder MapJobSubmissionApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/jobs/{jobId}/submission", GetAsync).RequireAuthorization(PartyPolicies.SupplierOrAuditor).WithTags("Jobs")
            .WithSummary("What a job's approval covers: its manifest, its plan or module (digest, size, imports) and its source's digest (supplier and auditors).");
        return endpoints;
    }

    private static async Task<Results<Ok<JobSubmissionView>, ProblemHttpResult>> GetAsync(
        string jobId, IConnectorStore store, SandboxOptions sandbox, CancellationToken cancellationToken)
    {
        if (await store.GetJobAsync(jobId, cancellationToken) is not { } job)
        {
            return ApiProblems.Problem(404, $"no job '{jobId}'");
        }

        var manifest = JsonNode.Parse(job.ManifestJson);
        var program = await store.GetModuleAsync(job.ModuleDigest, cancellationToken);
        IReadOnlyList<string> imports = [];
        if (job.Program == JobProgram.Module && program is not null)
        {
            try
            {
                imports = ModuleInspection.Imports(program, sandbox.ModuleLimits);
            }
            catch (ModuleRejectedException e)
            {
                return ApiProblems.Problem(500, $"job '{jobId}': its stored module no longer parses: {e.Message}");
            }
        }

        IReadOnlyList<string> columns = manifest?["columns"] is JsonArray listed
            ? [.. listed.Select(c => c?.GetValue<string>() ?? "")]
            : [];
        return TypedResults.Ok(new JobSubmissionView(
            job.Id, job.State.ToString(), job.Program, manifest, job.ModuleDigest, program?.LongLength ?? 0, imports, job.SourceDigest, columns));
    }
}
